// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package i18n

import (
	"bytes"
	"encoding/binary"
	"testing"
	"testing/fstest"

	"github.com/snapcore/go-gettext"
	"github.com/stretchr/testify/assert"
)

// moFile builds a GNU gettext .mo catalog holding the given translations.
// Keys with a NUL are plural forms (msgid NUL msgid_plural), as in .mo.
func moFile(translations map[string]string, header string) []byte {
	keys := []string{""}
	for k := range translations {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ { // sorted, as .mo requires
		for j := i; j > 1 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	values := map[string]string{"": header}
	for k, v := range translations {
		values[k] = v
	}
	n := uint32(len(keys))
	const headerSize = 28
	origTable := uint32(headerSize)
	transTable := origTable + 8*n
	strs := transTable + 8*n
	var table, data bytes.Buffer
	var origs, trans [][2]uint32
	for _, k := range keys {
		origs = append(origs, [2]uint32{uint32(len(k)), strs + uint32(data.Len())})
		data.WriteString(k)
		data.WriteByte(0)
	}
	for _, k := range keys {
		trans = append(trans, [2]uint32{uint32(len(values[k])), strs + uint32(data.Len())})
		data.WriteString(values[k])
		data.WriteByte(0)
	}
	for _, v := range []uint32{0x950412de, 0, n, origTable, transTable, 0, 0} {
		_ = binary.Write(&table, binary.LittleEndian, v)
	}
	for _, e := range append(origs, trans...) {
		_ = binary.Write(&table, binary.LittleEndian, e)
	}
	table.Write(data.Bytes())
	return table.Bytes()
}

func TestCatalogTranslates(t *testing.T) {
	mo := moFile(map[string]string{
		"valid":                     "gültig",
		"%d problem\x00%d problems": "%d Problem\x00%d Probleme",
	}, "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n")
	domain := &gettext.TextDomain{Name: Domain, LocaleFS: fstest.MapFS{
		"de/LC_MESSAGES/plugpolicy.mo": {Data: mo},
	}}
	de := catalog{domain.Locale("de_DE.UTF-8")}
	assert.Equal(t, "gültig", de.g("valid"))
	assert.Equal(t, "%d Problem", de.ng("%d problem", "%d problems", 1))
	assert.Equal(t, "%d Probleme", de.ng("%d problem", "%d problems", 3))
	assert.Equal(t, "not in the catalog", de.g("not in the catalog"))

	none := catalog{domain.Locale("fr")}
	assert.Equal(t, "valid", none.g("valid"))
	assert.Equal(t, "%d problems", none.ng("%d problem", "%d problems", 2))
	assert.Equal(t, "%d problem", none.ng("%d problem", "%d problems", -1))
}

func TestUserCatalogFallsBackToTheMessage(t *testing.T) {
	t.Setenv("LANGUAGE", "xx_XX")
	assert.Equal(t, "a message no catalog has", G("a message no catalog has"))
	assert.Equal(t, "%d snaps", NG("%d snap", "%d snaps", 2))
}
