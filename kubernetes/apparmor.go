// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kubernetes

import (
	"fmt"
	"strings"
)

// containerBase is the start of every container profile, after its
// opening line: what any process a container runtime starts needs, the
// parts of a snap's template that have a meaning in a container. The
// container's image stands where the snap's own files stood; its data
// paths are the pod's business (volumes), granted in the local include.
//
// Facts that carry over from the container runtimes' default profiles:
// the attach_disconnected and mediate_deleted flags (a container's paths
// are seen through a mount namespace), ABI 3.0 so that "network" rules
// keep covering unix sockets with a 4.x parser, and the signals the
// runtime (runc, crun, or a host process) sends to stop the container.
// Unlike those profiles it grants no file, network or capability rule
// wholesale, and it has no deny rule: AppArmor denies what is not
// allowed, and a deny rule would override what the interfaces grant.
const containerBase = `  #include <abstractions/base>

  # The container's image: programs to run, libraries to map,
  # configuration and data to read.
  / r,
  /{,usr/,usr/local/}{bin,sbin,lib,lib32,lib64,libexec}/ r,
  /{,usr/,usr/local/}{bin,sbin,lib,lib32,lib64,libexec}/** mrix,
  /opt/{,**} r,
  /opt/** mix,
  /usr/{,share/,include/}{,**} r,
  /etc/{,**} r,

  # Scratch space.
  /{,var/}tmp/ r,
  /{,var/}tmp/** rwlk,
  /dev/shm/ r,
  /dev/shm/** rwlk,
  /run/ r,

  # The process's view of itself and of the machine it runs on.
  owner @{PROC}/@{pid}/{,task/@{tid}/}{,**} r,
  @{PROC}/sys/kernel/{cap_last_cap,ngroups_max,osrelease,pid_max,random/*} r,
  @{PROC}/sys/net/core/somaxconn r,
  /sys/devices/system/cpu/{,online,possible,present} r,
  /sys/kernel/mm/transparent_hugepage/hpage_pmd_size r,

  # The runtime stops the container; its processes signal each other.
  signal (receive) peer=unconfined,
  signal (receive) peer={runc,crun},
  signal (send, receive) peer=@{profile_name},
  ptrace (read, readby) peer=@{profile_name},
`

// snapPathMarks are what rules that name the snap's own paths hold: the
// snap's directory variables (@{SNAP}, @{SNAP_DATA}, @{SNAP_COMMON},
// @{SNAP_USER_DATA}, ..., @{SNAP_NAME}, @{SNAP_INSTANCE_NAME}), where snaps
// are mounted and keep their data, the template's ###...### placeholders,
// and snapd's helpers. A container has none of these.
var snapPathMarks = []string{"@{SNAP", "@{INSTALL_DIR}", "/snap/", "/var/snap/", "###", "snap-update-ns", "snap-confine"}

// namesSnapPath tells whether the rule text (without comments) names one
// of the snap's own paths.
func namesSnapPath(code string) bool {
	for _, m := range snapPathMarks {
		if strings.Contains(code, m) {
			return true
		}
	}
	return false
}

// codeOf is a line without its comment; include directives, which start
// with '#', are code.
func codeOf(line string) string {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "#include") {
		return t
	}
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t
}

// isInclude tells whether code is an include directive, a statement of
// its own line without a trailing comma.
func isInclude(code string) bool {
	return strings.HasPrefix(code, "#include") || strings.HasPrefix(code, "include ")
}

// dropSnapPaths returns the lines of rendered rules without the rules
// that name the snap's own paths, and those rules, each on one line. A
// rule spans lines until one ends with a comma; a block (a child
// profile, a conditional) whose opening line names a snap path is left
// out whole and counts as one rule, and the rules inside a kept block are
// filtered the same way.
func dropSnapPaths(lines []string) (kept, dropped []string, err error) {
	for i := 0; i < len(lines); {
		code := codeOf(lines[i])
		switch {
		case code == "":
			kept = append(kept, lines[i])
			i++
		case strings.HasSuffix(code, "{"):
			end, err := blockEnd(lines, i)
			if err != nil {
				return nil, nil, err
			}
			if namesSnapPath(code) {
				dropped = append(dropped, code+" ... }")
			} else {
				inner, innerDropped, err := dropSnapPaths(lines[i+1 : end])
				if err != nil {
					return nil, nil, err
				}
				kept = append(append(append(kept, lines[i]), inner...), lines[end])
				dropped = append(dropped, innerDropped...)
			}
			i = end + 1
		default:
			end := i
			for !isInclude(code) && !strings.HasSuffix(code, ",") && end+1 < len(lines) {
				end++
				code += " " + codeOf(lines[end])
			}
			if namesSnapPath(code) {
				dropped = append(dropped, code)
			} else {
				kept = append(kept, lines[i:end+1]...)
			}
			i = end + 1
		}
	}
	return kept, dropped, nil
}

// blockEnd returns the index of the line that closes the block opened on
// lines[start].
func blockEnd(lines []string, start int) (int, error) {
	depth := 0
	for i := start; i < len(lines); i++ {
		code := codeOf(lines[i])
		depth += strings.Count(code, "{") - strings.Count(code, "}")
		// Variables (@{PROC}) and alternations ({a,b}) open and close on
		// one line; only a line that leaves the depth at 0 closes.
		if depth == 0 && i > start {
			return i, nil
		}
	}
	return 0, fmt.Errorf("the block opened by %q is not closed", strings.TrimSpace(lines[start]))
}

// renderProfile renders the container profile name for an app, from the
// rules its interfaces add (apparmor.RenderRules), and returns the rules
// it left out.
func renderProfile(name, snapName, appName, tag, rules string) (profile []byte, leftOut []string, err error) {
	var kept []string
	if rules != "" {
		if kept, leftOut, err = dropSnapPaths(strings.Split(rules, "\n")); err != nil {
			return nil, nil, fmt.Errorf("snap %q: app %q: AppArmor rules: %v", snapName, appName, err)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# AppArmor profile %s for Kubernetes: app %q of snap %q\n", name, appName, snapName)
	fmt.Fprintf(&b, "# (%s), made by plugpolicy export kubernetes.\n", tag)
	b.WriteString("# Load it on every node that runs the pod (apparmor_parser -r FILE) and\n")
	b.WriteString("# refer to it from the container:\n")
	fmt.Fprintf(&b, "#   appArmorProfile: {type: Localhost, localhostProfile: %s}\n", name)
	fmt.Fprintf(&b, "#\n# left out: %s\n", LeftOutSummary(len(leftOut)))
	for _, r := range leftOut {
		fmt.Fprintf(&b, "#   %s\n", r)
	}
	b.WriteString("\nabi <abi/3.0>,\n\n#include <tunables/global>\n\n")
	fmt.Fprintf(&b, "profile %s flags=(attach_disconnected,mediate_deleted) {\n", name)
	b.WriteString(containerBase)
	if body := strings.Trim(strings.Join(kept, "\n"), "\n"); body != "" {
		fmt.Fprintf(&b, "\n  # What the app's interfaces grant.\n%s\n", body)
	}
	b.WriteString("\n  # The node's additions for this profile (the pod's volumes, say).\n")
	fmt.Fprintf(&b, "  include if exists <local/%s>\n}\n", name)
	return []byte(b.String()), leftOut, nil
}

// LeftOutSummary says how many rules a profile left out: "N rules that
// name the snap's own paths".
func LeftOutSummary(n int) string {
	if n == 1 {
		return "1 rule that names the snap's own paths"
	}
	return fmt.Sprintf("%d rules that name the snap's own paths", n)
}
