module github.com/plugpolicy/plugpolicy/bench/libseccomp

go 1.26.0

require (
	github.com/opencontainers/runtime-spec v1.3.0
	github.com/plugpolicy/plugpolicy v0.0.0
	golang.org/x/sys v0.50.0
)

require gopkg.in/yaml.v2 v2.4.0 // indirect

replace github.com/plugpolicy/plugpolicy => ../..
