// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// home: the non-hidden files of the user's home directory; with the plug
// attribute "read: all", also read access to other users' homes (for
// daemons running as root).
type homeInterface struct {
	commonInterface
}

var _ interfaces.PlugSanitizer = (*homeInterface)(nil)

func newHome() interfaces.Interface {
	return &homeInterface{commonInterface{
		name:              "home",
		summary:           "allows access to non-hidden files in the home directory",
		docURL:            "https://snapcraft.io/docs/home-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// The system offers the slot. Plugs connect automatically on
		// classic systems only, and "read: all" (other users' files)
		// needs the store's approval to connect at all.
		baseDeclarationSlots: `
  home:
    allow-installation:
      slot-snap-type:
        - core
    deny-connection:
      plug-attributes:
        read: all
    deny-auto-connection:
      -
        on-classic: false
      -
        plug-attributes:
          read: all
`,
	}}
}

// BeforePreparePlug accepts a plug without "read", or with "read: all".
func (iface *homeInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs["read"]
	if !ok || v == "all" {
		return nil
	}
	return fmt.Errorf(`snap %q, plug %q: invalid value %#v for attribute "read": the only value is "all"`, plug.Snap.InstanceName(), plug.Name, v)
}

// AppArmorConnectedPlug grants the user's own files, and with "read: all"
// read access to everyone's. The rules are written once every interface
// has run: whether programs in the home may run under the profile ("ix")
// depends on the snap as a whole (docker-support takes it away), and
// where the target asks the user (AppArmor prompting) the grants become
// prompts.
func (iface *homeInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	var read string
	readAll := plug.Attr("read", &read) == nil && read == "all"
	spec.AddDeferredSnippet(func(spec *apparmor.Specification) string {
		return homeRules(spec.Prompt(), !spec.SuppressHomeIx(), readAll)
	})
	return nil
}

// homeRules are home's rules with the prompt prefix, with or without
// "ix", with or without read access to every home.
func homeRules(prompt string, ix, readAll bool) string {
	for p, made := range homeRulesMade {
		if homePrompts[p] == prompt {
			return made[b2i(ix)][b2i(readAll)]
		}
	}
	return makeHomeRules(prompt, ix, readAll)
}

func makeHomeRules(prompt string, ix, readAll bool) string {
	x := ""
	if ix {
		x = "ix"
	}
	r := strings.NewReplacer("%PROMPT%", prompt, "%IX%", x)
	if readAll {
		return r.Replace(homeReadAllAppArmor) + r.Replace(homeAppArmor)
	}
	return r.Replace(homeAppArmor)
}

// homePrompts are the prefixes apparmor.Specification.Prompt gives.
var homePrompts = [2]string{"", "prompt "}

// homeRulesMade are homeRules for each of homePrompts, made once: every
// profile of every snap with home gets one of these texts.
var homeRulesMade = func() (made [2][2][2]string) {
	for p, prompt := range homePrompts {
		for _, ix := range []bool{false, true} {
			for _, readAll := range []bool{false, true} {
				made[p][b2i(ix)][b2i(readAll)] = makeHomeRules(prompt, ix, readAll)
			}
		}
	}
	return made
}()

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The rules below mark with %PROMPT% where the prompt prefix goes and
// with %IX% where the permission to run files under the profile goes.

const homeAppArmor = `
# The user's home directory (@{HOME} is the user's, not the snap's home).
%PROMPT%owner @{HOME}/ r,

# Every file the user owns in it, except hidden ones, which hold other
# programs' settings and secrets, and ~/snap, where each snap keeps its own
# data. The patterns spell out "anything but a dot, and anything but snap/".
%PROMPT%owner @{HOME}/[^s.]**             rwkl%IX%,
%PROMPT%owner @{HOME}/s[^n]**             rwkl%IX%,
%PROMPT%owner @{HOME}/sn[^a]**            rwkl%IX%,
%PROMPT%owner @{HOME}/sna[^p]**           rwkl%IX%,
%PROMPT%owner @{HOME}/snap[^/]**          rwkl%IX%,

# The short names the patterns above leave out: ~/s, ~/sn, ~/sna.
%PROMPT%owner @{HOME}/{s,sn,sna}{,/} rwkl%IX%,

# Passing through ~/snap, to reach the home from the snap's own data.
%PROMPT%owner @{HOME}/snap/ r,

# The user's GVFS mounts: read anything, write files but not mount points.
%PROMPT%owner /run/user/[0-9]*/gvfs/{,**} r,
%PROMPT%owner /run/user/[0-9]*/gvfs/*/**  w,

# ~/bin is on the user's PATH on many systems: never create or write it,
# nor anything in it.
audit deny @{HOME}/bin/{,**} wl,
audit deny @{HOME}/bin wl,
`

const homeReadAllAppArmor = `
# read: all: reading every user's files (for daemons running as root),
# with the capability that passes over file permissions for reading.
capability dac_read_search,
%PROMPT%@{HOME}/               r,
%PROMPT%@{HOME}/[^s.]**        r,
%PROMPT%@{HOME}/s[^n]**        r,
%PROMPT%@{HOME}/sn[^a]**       r,
%PROMPT%@{HOME}/sna[^p]**      r,
%PROMPT%@{HOME}/snap[^/]**     r,
%PROMPT%@{HOME}/{s,sn,sna}{,/} r,
`
