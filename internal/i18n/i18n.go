// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package i18n translates the command line's user-facing text with gettext
// catalogs (domain "plugpolicy", in /usr/share/locale), in the language the
// user's environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Without
// a catalog for that language, text is shown as written.
//
// Mark text with G (or NG for text with a count) where it is written, with
// a string literal as the argument, so that po/update-pot (the command
// internal/cmd/potgen) collects it into the template po/plugpolicy.pot.
package i18n

import (
	"sync"

	"github.com/snapcore/go-gettext"
)

// Domain is the gettext text domain of plugpolicy's messages.
const Domain = "plugpolicy"

// catalog translates messages of one language.
type catalog struct {
	c gettext.Catalog
}

func (c catalog) g(msgid string) string {
	return c.c.Gettext(msgid)
}

func (c catalog) ng(msgid, plural string, n int) string {
	if n < 0 {
		n = -n
	}
	return c.c.NGettext(msgid, plural, uint32(n))
}

// user is the catalog for the user's languages, loaded on first use.
var user = sync.OnceValue(func() catalog {
	domain := &gettext.TextDomain{Name: Domain}
	return catalog{domain.UserLocale()}
})

// G translates msgid.
func G(msgid string) string {
	return user().g(msgid)
}

// NG translates msgid, or plural when n is not one (as the language's
// plural rules say).
func NG(msgid, plural string, n int) string {
	return user().ng(msgid, plural, n)
}
