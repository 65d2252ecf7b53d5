// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/snap"
)

// kernel-module-load: the plug's "modules" attribute names kernel modules
// and says, for each, what the kmod backend writes:
//
//	modules:
//	  - name: NAME          # required
//	    load: on-boot       # load it at boot (modules-load.d)
//	          denied        # never load it (a modprobe.d blacklist line)
//	          dynamic       # the snap loads it itself, later
//	    options: "a=1 b"    # modprobe.d options line
//
// Each entry needs "load" or "options" or both; "denied" takes no options;
// "dynamic" may say options "*" (any options, given when the snap loads
// the module), which writes nothing. In options, "$SNAP_COMMON/" becomes
// the snap's common data directory on the host (where the kernel reads
// the files an option names).
//
// The attribute reaches files that modprobe and systemd-modules-load
// read as root, so every value is checked against a strict pattern, when
// the snap is added and again when a connection is rendered (attributes
// may come from the connection).
//
// Decisions:
//   - snapd checks the attribute only when connecting; plugpolicy also
//     rejects the plug when the snap is added, so that the author sees the
//     error at once. The plug could not have been connected either way.
//   - Options are snapd's grammar (words NAME or NAME=VALUE, VALUE
//     printable without spaces). plugpolicy also refuses "#" in them,
//     which the kmod backend refuses as well (snapd accepts it; modprobe
//     reads "#" as a comment only at the start of a line), and "\",
//     which snapd accepts: modprobe joins a line that ends in a
//     backslash with the next one, so options ending in "\" would
//     swallow the snap's next modprobe.d line (another module's options,
//     or a blacklist entry).
//   - Module names are at most 56 characters, the kernel's limit, which
//     snapd does not check.
type kernelModuleLoadInterface struct {
	commonInterface
}

var (
	_ interfaces.PlugSanitizer      = (*kernelModuleLoadInterface)(nil)
	_ interfaces.PlugConnectChecker = (*kernelModuleLoadInterface)(nil)
	_ kmod.ConnectedPlugDefiner     = (*kernelModuleLoadInterface)(nil)
)

func newKernelModuleLoad() interfaces.Interface {
	return &kernelModuleLoadInterface{commonInterface{
		name:              "kernel-module-load",
		summary:           "allows constrained control over kernel module loading",
		docURL:            "https://snapcraft.io/docs/kernel-module-load-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Super-privileged: only a snap declaration lets a snap have or
		// connect the plug.
		baseDeclarationPlugs: `
  kernel-module-load:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  kernel-module-load:
    allow-installation:
      slot-snap-type:
        - core
    deny-connection: true
`,
	}}
}

// kmodLoad is what an entry's "load" says.
type kmodLoad int

const (
	kmodLoadUnset kmodLoad = iota
	kmodLoadOnBoot
	kmodLoadDenied
	kmodLoadDynamic
)

var kmodLoadValues = map[string]kmodLoad{"on-boot": kmodLoadOnBoot, "denied": kmodLoadDenied, "dynamic": kmodLoadDynamic}

// kmodEntry is one entry of "modules".
type kmodEntry struct {
	name    string
	load    kmodLoad
	options string
}

var (
	kmodNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,56}$`)
	// One or more words NAME or NAME=VALUE, each followed by spaces;
	// VALUE is printable ASCII other than space, "#" and "\".
	kmodOptionsPattern = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9_]*(=[!-"$-\[\]-~]+)? *)+$`)
)

// kernelModuleLoadEntries reads and checks the "modules" attribute.
func kernelModuleLoadEntries(attrs attrLookup, snapName, plug string) ([]kmodEntry, error) {
	fail := func(format string, args ...interface{}) ([]kmodEntry, error) {
		return nil, fmt.Errorf("snap %q, plug %q: attribute \"modules\": "+format, append([]interface{}{snapName, plug}, args...)...)
	}
	v, _ := attrs.Lookup("modules")
	list, ok := v.([]interface{})
	if !ok || len(list) == 0 {
		return fail("want a non-empty list of maps with \"name\" and \"load\" or \"options\", got %#v", v)
	}
	entries := make([]kmodEntry, 0, len(list))
	for i, item := range list {
		m, ok := item.(map[string]interface{})
		if !ok {
			return fail("entry %d: want a map, got %#v", i, item)
		}
		var e kmodEntry
		if e.name, ok = m["name"].(string); !ok || !kmodNamePattern.MatchString(e.name) {
			return fail("entry %d: invalid \"name\" %#v: want 1 to 56 letters, digits, \"_\" and \"-\"", i, m["name"])
		}
		if raw, found := m["load"]; found {
			s, _ := raw.(string)
			if e.load, ok = kmodLoadValues[s]; !ok {
				return fail("module %q: invalid \"load\" %#v: want on-boot, denied or dynamic", e.name, raw)
			}
		}
		if raw, found := m["options"]; found {
			if e.options, ok = raw.(string); !ok {
				return fail("module %q: invalid \"options\" %#v: want a string", e.name, raw)
			}
		}
		if err := e.check(); err != nil {
			return fail("module %q: %v", e.name, err)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// check checks the combination of an entry's load and options.
func (e kmodEntry) check() error {
	switch {
	case e.options == "" && e.load == kmodLoadUnset:
		return fmt.Errorf(`give "load" or "options"`)
	case e.options == "":
		return nil
	case e.load == kmodLoadDenied:
		return fmt.Errorf(`"options" %q with "load: denied"`, e.options)
	case e.load == kmodLoadDynamic && e.options == "*":
		return nil
	case !kmodOptionsPattern.MatchString(e.options):
		return fmt.Errorf(`invalid "options" %q: want words NAME or NAME=VALUE separated by spaces (VALUE printable, without spaces, "#" or "\")`, e.options)
	}
	return nil
}

// BeforePreparePlug checks the plug's "modules".
func (iface *kernelModuleLoadInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	_, err := kernelModuleLoadEntries(plug, plug.Snap.InstanceName(), plug.Name)
	return err
}

// BeforeConnectPlug checks "modules" as the connection sees it.
func (iface *kernelModuleLoadInterface) BeforeConnectPlug(plug *interfaces.ConnectedPlug) error {
	_, err := kernelModuleLoadEntries(plug, plug.Snap().InstanceName(), plug.Name())
	return err
}

// KModConnectedPlug writes what each entry asks for.
func (iface *kernelModuleLoadInterface) KModConnectedPlug(spec *kmod.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	info := plug.Snap()
	entries, err := kernelModuleLoadEntries(plug, info.InstanceName(), plug.Name())
	if err != nil {
		return err
	}
	// The kernel reads files named in options in the host's mount
	// namespace, where the instance's own directory holds them.
	common := "/var/snap/" + info.InstanceName() + "/common/"
	for _, e := range entries {
		if e.load == kmodLoadDenied {
			if err := spec.DisallowModule(e.name); err != nil {
				return err
			}
			continue
		}
		if e.load == kmodLoadOnBoot {
			if err := spec.AddModule(e.name); err != nil {
				return err
			}
		}
		if e.options != "" && e.options != "*" {
			options := strings.ReplaceAll(e.options, "$SNAP_COMMON/", common)
			if err := spec.SetModuleOptions(e.name, options); err != nil {
				return err
			}
		}
	}
	return nil
}
