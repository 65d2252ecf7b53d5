module github.com/plugpolicy/plugpolicy

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/opencontainers/runtime-spec v1.3.0
	github.com/snapcore/go-gettext v0.0.0-20230721153050-9082cdc2db05
	github.com/stretchr/testify v1.12.1
	golang.org/x/sys v0.50.0
	golang.org/x/tools v0.42.0
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c
	gopkg.in/yaml.v2 v2.4.0
)

require (
	github.com/kr/pretty v0.2.1 // indirect
	github.com/kr/text v0.1.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
