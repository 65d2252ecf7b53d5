// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The naming rules below are snapd's, so that a snap.yaml accepted here is
// accepted by snapd and the other way round. Each validator returns an error
// in the form `invalid <what> "<value>": <rule>`, so that a user who broke
// the rule learns it from the message.

// isValidSnapName checks the characters of a snap name and the dash rules
// snapd checks apart (as ^[a-z0-9-]*[a-z][a-z0-9-]*$ and the rest): a-z,
// 0-9 and "-", at least one letter, no "-" at either end or next to
// another. Names are checked byte by byte, without regular expressions,
// as parsing checks many of them.
func isValidSnapName(name string) bool {
	letter := false
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case isLowerASCII(c):
			letter = true
		case isDigitASCII(c) || c == '-':
		default:
			return false
		}
	}
	return letter && name[0] != '-' && name[len(name)-1] != '-' && !strings.Contains(name, "--")
}

func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }

func isDigitASCII(c byte) bool { return '0' <= c && c <= '9' }

func isAlnumASCII(c byte) bool {
	return isLowerASCII(c) || isDigitASCII(c) || 'A' <= c && c <= 'Z'
}

// isDashedWords tells whether name is words of the characters word
// accepts joined by single "-", starting with a character first accepts:
// ^F(?:-?W)*$ for the classes F and W.
func isDashedWords(name string, first, word func(byte) bool) bool {
	if name == "" || !first(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		switch c := name[i]; {
		case word(c):
		case c == '-' && i+1 < len(name) && word(name[i+1]):
			i++
		default:
			return false
		}
	}
	return true
}

// ValidateName checks a snap name: 2 to 40 characters of a-z, 0-9 and
// dashes, with at least one letter, and no dash at either end or next to
// another dash.
func ValidateName(name string) error {
	if len(name) < 2 || len(name) > 40 || !isValidSnapName(name) {
		return fmt.Errorf("invalid snap name %q: use 2 to 40 characters of a-z, 0-9 and \"-\", with at least one letter and no \"-\" at either end or next to another", name)
	}
	return nil
}

var validInstanceKey = regexp.MustCompile(`^[a-z0-9]{1,10}$`)

// ValidateInstanceKey checks the key of a parallel-install instance (the KEY
// of NAME_KEY).
func ValidateInstanceKey(key string) error {
	if !validInstanceKey.MatchString(key) {
		return fmt.Errorf("invalid instance key %q: use 1 to 10 characters of a-z and 0-9", key)
	}
	return nil
}

// ValidateInstanceName checks a snap instance name: a snap name, optionally
// followed by "_" and an instance key.
func ValidateInstanceName(instanceName string) error {
	name, key := SplitInstanceName(instanceName)
	err := ValidateName(name)
	if err == nil && strings.Contains(instanceName, "_") {
		err = ValidateInstanceKey(key)
	}
	if err != nil && instanceName != name {
		return fmt.Errorf("invalid instance name %q: %w", instanceName, err)
	}
	return err
}

// SplitInstanceName splits NAME_KEY into NAME and KEY; a name without "_"
// has an empty key.
func SplitInstanceName(instanceName string) (name, key string) {
	name, key, _ = strings.Cut(instanceName, "_")
	return name, key
}

// InstanceName joins a snap name and an instance key.
func InstanceName(name, key string) string {
	if key == "" {
		return name
	}
	return name + "_" + key
}

// isPlugSlotIfaceName is the rule shared by plug, slot, interface and hook
// names: lowercase words of letters and digits joined by single dashes,
// starting with a letter (^[a-z](?:-?[a-z0-9])*$).
func isPlugSlotIfaceName(name string) bool {
	return isDashedWords(name, isLowerASCII, func(c byte) bool { return isLowerASCII(c) || isDigitASCII(c) })
}

const lowercaseNameRule = `use a-z, 0-9 and single "-" between them, starting with a letter`

// ValidatePlugName checks the name of a plug.
func ValidatePlugName(name string) error {
	if !isPlugSlotIfaceName(name) {
		return fmt.Errorf("invalid plug name %q: %s", name, lowercaseNameRule)
	}
	return nil
}

// ValidateSlotName checks the name of a slot.
func ValidateSlotName(name string) error {
	if !isPlugSlotIfaceName(name) {
		return fmt.Errorf("invalid slot name %q: %s", name, lowercaseNameRule)
	}
	return nil
}

// ValidateInterfaceName checks the name of an interface.
func ValidateInterfaceName(name string) error {
	if !isPlugSlotIfaceName(name) {
		return fmt.Errorf("invalid interface name %q: %s", name, lowercaseNameRule)
	}
	return nil
}

// ValidateHookName checks the syntax of a hook name; whether snapd runs a
// hook of that name is IsHookSupported.
func ValidateHookName(name string) error {
	if !isPlugSlotIfaceName(name) {
		return fmt.Errorf("invalid hook name %q: %s", name, lowercaseNameRule)
	}
	return nil
}

// isValidAppName tells whether name is words of letters and digits joined
// by single dashes (^[a-zA-Z0-9](?:-?[a-zA-Z0-9])*$).
func isValidAppName(name string) bool {
	return isDashedWords(name, isAlnumASCII, isAlnumASCII)
}

// ValidateAppName checks the name of an app.
func ValidateAppName(name string) error {
	if !isValidAppName(name) {
		return fmt.Errorf("invalid app name %q: use letters, digits and single \"-\" between them", name)
	}
	return nil
}

var validAlias = regexp.MustCompile(`^[a-zA-Z0-9][-_.a-zA-Z0-9]*$`)

// ValidateAlias checks a (legacy) app alias.
func ValidateAlias(alias string) error {
	if !validAlias.MatchString(alias) {
		return fmt.Errorf("invalid alias %q: use letters, digits, \"-\", \"_\" and \".\", starting with a letter or digit", alias)
	}
	return nil
}

// ValidateSocketName checks the name of an app's activation socket; the rule
// is the snap name's without the length limits.
func ValidateSocketName(name string) error {
	if name == "" || !isValidSnapName(name) {
		return fmt.Errorf("invalid socket name %q: use a-z, 0-9 and \"-\", with at least one letter and no \"-\" at either end or next to another", name)
	}
	return nil
}

var (
	nonGraphicASCII       = regexp.MustCompile(`[^[:graph:]]`)
	badFirstVersionChar   = regexp.MustCompile(`^[^a-zA-Z0-9]`)
	badLastVersionChar    = regexp.MustCompile(`[^a-zA-Z0-9+~]$`)
	badMiddleVersionChars = regexp.MustCompile(`[^a-zA-Z0-9:.+~-]+`)
)

// isValidVersion is the rule of ValidateVersion, as
// ^[a-zA-Z0-9](?:[a-zA-Z0-9:.+~-]{0,30}[a-zA-Z0-9+~])?$ says it.
func isValidVersion(v string) bool {
	if v == "" || len(v) > 32 || !isAlnumASCII(v[0]) {
		return false
	}
	if len(v) == 1 {
		return true
	}
	if last := v[len(v)-1]; !isAlnumASCII(last) && last != '+' && last != '~' {
		return false
	}
	for i := 1; i < len(v)-1; i++ {
		if c := v[i]; !isAlnumASCII(c) && !strings.ContainsRune(":.+~-", rune(c)) {
			return false
		}
	}
	return true
}

// ValidateVersion checks a snap version: 1 to 32 printable ASCII
// characters, starting with a letter or digit and ending with a letter,
// digit, "+" or "~", with ":", ".", "+", "~" and "-" allowed in between.
// Every broken rule is named in the error.
func ValidateVersion(version string) error {
	if isValidVersion(version) {
		return nil
	}
	if version == "" {
		return fmt.Errorf("invalid snap version: cannot be empty")
	}
	if nonGraphicASCII.MatchString(version) {
		// QuoteToASCII shows look-alike characters for what they are.
		return fmt.Errorf("invalid snap version %s: must be printable, non-whitespace ASCII", strconv.QuoteToASCII(version))
	}
	var reasons []string
	if len(version) > 32 {
		reasons = append(reasons, fmt.Sprintf("cannot be longer than 32 characters (got %d)", len(version)))
	}
	if badFirstVersionChar.MatchString(version) {
		reasons = append(reasons, fmt.Sprintf("must start with an ASCII letter or digit, not %q", version[0]))
	}
	if len(version) > 1 && badLastVersionChar.MatchString(version) {
		reasons = append(reasons, fmt.Sprintf("must end with an ASCII letter, digit, \"+\" or \"~\", not %q", version[len(version)-1]))
	}
	if len(version) > 2 {
		if bad := badMiddleVersionChars.FindAllString(version[1:len(version)-1], -1); len(bad) > 0 {
			quoted := make([]string, len(bad))
			for i, b := range bad {
				quoted[i] = strconv.Quote(b)
			}
			reasons = append(reasons, "contains invalid characters: "+strings.Join(quoted, ", "))
		}
	}
	return fmt.Errorf("invalid snap version %q: %s", version, strings.Join(reasons, "; "))
}
