// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// i18nPath is the import path of the package whose G and NG mark text.
const i18nPath = "github.com/plugpolicy/plugpolicy/internal/i18n"

// ref is where a message is written: a slash-separated path relative to the
// module root, and a line.
type ref struct {
	file string
	line int
}

func (r ref) String() string { return fmt.Sprintf("%s:%d", r.file, r.line) }

// message is one entry of the template: a msgid, its msgid_plural when it
// was marked with NG, and every place it is written.
type message struct {
	id     string
	plural string
	isNG   bool
	refs   []ref
}

// catalog gathers the messages of the files read so far, keyed by msgid.
type catalog struct {
	msgs map[string]*message
	errs []error
}

func newCatalog() *catalog {
	return &catalog{msgs: map[string]*message{}}
}

func (c *catalog) errorf(at ref, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: "+format, append([]any{at}, args...)...))
}

// add records msgid (and plural, for NG) as written at at. A msgid keys one
// entry of a gettext catalog, so the same msgid marked both by G and by NG,
// or by NG with two plurals, is an error.
func (c *catalog) add(at ref, id, plural string, isNG bool) {
	m, ok := c.msgs[id]
	if !ok {
		c.msgs[id] = &message{id: id, plural: plural, isNG: isNG, refs: []ref{at}}
		return
	}
	if m.isNG != isNG || m.plural != plural {
		c.errorf(at, "msgid %q is marked here as %s and at %s as %s; a msgid is one catalog entry, so use one form",
			id, form(isNG, plural), m.refs[0], form(m.isNG, m.plural))
		return
	}
	m.refs = append(m.refs, at)
}

func form(isNG bool, plural string) string {
	if !isNG {
		return "i18n.G"
	}
	return fmt.Sprintf("i18n.NG with plural %q", plural)
}

// sorted returns the messages ordered by msgid, each with its references
// sorted by file and line and without duplicates.
func (c *catalog) sorted() []*message {
	msgs := make([]*message, 0, len(c.msgs))
	for _, m := range c.msgs {
		sort.Slice(m.refs, func(i, j int) bool {
			if m.refs[i].file != m.refs[j].file {
				return m.refs[i].file < m.refs[j].file
			}
			return m.refs[i].line < m.refs[j].line
		})
		uniq := m.refs[:0]
		for i, r := range m.refs {
			if i == 0 || r != m.refs[i-1] {
				uniq = append(uniq, r)
			}
		}
		m.refs = uniq
		msgs = append(msgs, m)
	}
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].id < msgs[j].id })
	return msgs
}

// extractDir reads every non-test .go file of the module rooted at root,
// leaving out testdata, directories the go tool ignores (names starting
// with "." or "_", vendor) and nested modules (directories with their own
// go.mod, such as bench/libseccomp).
func extractDir(root string) ([]*message, error) {
	fset := token.NewFileSet()
	c := newCatalog()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path == root {
				return nil
			}
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return c.extractFile(fset, filepath.ToSlash(rel), src)
	})
	if err != nil {
		return nil, err
	}
	if len(c.errs) > 0 {
		return nil, joinErrors(c.errs)
	}
	return c.sorted(), nil
}

// extractFile adds the messages marked in one Go source file, named rel in
// references and errors. It returns an error only when the file does not
// parse; misused markers are recorded in c.errs.
func (c *catalog) extractFile(fset *token.FileSet, rel string, src []byte) error {
	f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
	if err != nil {
		return fmt.Errorf("cannot parse %s: %w", rel, err)
	}
	pkg := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p != i18nPath {
			continue
		}
		pkg = "i18n"
		if imp.Name != nil {
			pkg = imp.Name.Name
		}
		if pkg == "." {
			c.errorf(c.at(fset, rel, imp.Pos()), "dot import of %s: potgen finds only qualified calls such as i18n.G", i18nPath)
			return nil
		}
	}
	if pkg == "" || pkg == "_" {
		return nil
	}
	marker := func(e ast.Expr) string {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return ""
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != pkg || (sel.Sel.Name != "G" && sel.Sel.Name != "NG") {
			return ""
		}
		return sel.Sel.Name
	}
	called := map[ast.Expr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if name := marker(n.Fun); name != "" {
				called[n.Fun] = true
				c.call(fset, rel, pkg+"."+name, n)
			}
		case *ast.SelectorExpr:
			if name := marker(n); name != "" && !called[n] {
				c.errorf(c.at(fset, rel, n.Pos()), "%s.%s used as a value: call it with a string literal so potgen sees the text", pkg, name)
			}
		}
		return true
	})
	return nil
}

func (c *catalog) at(fset *token.FileSet, rel string, pos token.Pos) ref {
	return ref{file: rel, line: fset.Position(pos).Line}
}

// call adds the message of one call of G or NG (named fn, as written).
func (c *catalog) call(fset *token.FileSet, rel, fn string, call *ast.CallExpr) {
	at := c.at(fset, rel, call.Lparen)
	want := 1
	if strings.HasSuffix(fn, ".NG") {
		want = 3
	}
	if len(call.Args) != want || call.Ellipsis.IsValid() {
		c.errorf(at, "%s takes %d arguments, has %d", fn, want, len(call.Args))
		return
	}
	texts := make([]string, 0, 2)
	for i, arg := range call.Args[:min(want, 2)] {
		s, ok := literal(arg)
		argAt := c.at(fset, rel, arg.Pos())
		if !ok {
			c.errorf(argAt, "argument %d of %s is not a string literal (nor a + of literals), so it cannot be translated: mark the literal text itself", i+1, fn)
			return
		}
		if !utf8.ValidString(s) {
			c.errorf(argAt, "argument %d of %s is not valid UTF-8", i+1, fn)
			return
		}
		if s == "" {
			c.errorf(argAt, "argument %d of %s is empty; the empty msgid is the catalog's header", i+1, fn)
			return
		}
		texts = append(texts, s)
	}
	// The reference is the line of the msgid, as xgettext gives it.
	at = c.at(fset, rel, call.Args[0].Pos())
	if want == 1 {
		c.add(at, texts[0], "", false)
	} else {
		c.add(at, texts[0], texts[1], true)
	}
}

// literal returns the value of a string literal, or of literals joined
// with + (in parentheses or not), and whether e is one.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return literal(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := literal(e.X)
		if !ok {
			return "", false
		}
		y, ok := literal(e.Y)
		return x + y, ok
	}
	return "", false
}

// joinErrors makes one error of several, one per line, sorted so that the
// report is the same on every run.
func joinErrors(errs []error) error {
	lines := make([]string, len(errs))
	for i, err := range errs {
		lines[i] = err.Error()
	}
	sort.Strings(lines)
	return errors.New(strings.Join(lines, "\n"))
}
