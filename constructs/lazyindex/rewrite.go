package lazyindex

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// headerLine is written as the first line of every rewritten index. A
// comment may precede the "use strict" directive without changing its
// meaning, so the module stays strict.
const headerLine = "// lazyindex: rewritten by github.com/acme/landing-zone/constructs/lazyindex (v1); the original is index.eager.js"

// headerPrefix identifies an index rewritten by any version of this package.
const headerPrefix = "// lazyindex:"

// helperName is the function that the rewritten index uses to define one
// lazy export. Function declarations are hoisted, so its position in the
// file does not matter; it is placed just before the first lazy export.
const helperName = "__landingZoneLazyExport"

// helperLine defines exports[name] as an enumerable, configurable accessor
// whose getter calls load (which calls require, which caches the module).
// Assigning to the export replaces the accessor with a writable data
// property, as the eager `exports.X = require(...)` form allowed.
const helperLine = "function " + helperName + "(name, load) { Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: load, set: function (value) { Object.defineProperty(exports, name, { enumerable: true, configurable: true, writable: true, value: value }); } }); }"

// minEagerExports is how many eager re-export lines an index must have to be
// recognised as the provider's module index. The real one has about 2,087.
const minEagerExports = 100

var (
	// exports.s3Bucket = require("./s3-bucket");
	eagerRe = regexp.MustCompile(`^exports\.([A-Za-z_$][A-Za-z0-9_$]*) = require\("(\./[A-Za-z0-9_./-]+)"\);$`)
	// exports.a = exports.b = void 0;   (TypeScript's hoisted export declarations)
	declRe = regexp.MustCompile(`^exports\.[A-Za-z_$][A-Za-z0-9_$]*( = exports\.[A-Za-z_$][A-Za-z0-9_$]*)* = void 0;$`)
	// __landingZoneLazyExport("s3Bucket", function () { return require("./s3-bucket"); });
	lazyRe = regexp.MustCompile(`^` + helperName + `\("([A-Za-z_$][A-Za-z0-9_$]*)", function \(\) \{ return require\("(\./[A-Za-z0-9_./-]+)"\); \}\);$`)
)

// errShape reports an index that this package does not know how to rewrite
// safely.
var errShape = errors.New("unexpected shape")

// export is one `exports.Name = require("Path")` re-export.
type export struct {
	Name, Path string
}

// lineKind classifies one line of an index file.
type lineKind int

const (
	kindKeep  lineKind = iota // copied unchanged: comments, "use strict", __esModule, void 0 declarations, blank
	kindEager                 // exports.X = require("./x");
	kindLazy                  // a line this package wrote
)

// classify parses an index file line by line. Every line must be one of the
// known harmless forms or an eager (or, for already-rewritten files, lazy)
// re-export; anything else is errShape. It returns the lines (without their
// "\n"), their kinds and the re-exports in file order.
func classify(src []byte) (lines []string, kinds []lineKind, exps []export, err error) {
	if bytes.IndexByte(src, '\r') >= 0 {
		return nil, nil, nil, fmt.Errorf("%w: carriage return in file", errShape)
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, nil, nil, fmt.Errorf("%w: NUL byte in file", errShape)
	}
	lines = strings.Split(string(src), "\n")
	kinds = make([]lineKind, len(lines))
	seen := make(map[string]bool)
	inComment := false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case inComment:
			// Inside /* ... */: the comment must end at the end of a line,
			// so no code can hide after it.
			if end := strings.Index(t, "*/"); end >= 0 {
				if end != len(t)-2 {
					return nil, nil, nil, fmt.Errorf("%w: line %d: code after a block comment", errShape, i+1)
				}
				inComment = false
			}
		case t == "":
		case strings.HasPrefix(t, "//"):
		case strings.HasPrefix(t, "/*"):
			if end := strings.Index(t[2:], "*/"); end >= 0 {
				if end+2 != len(t)-2 {
					return nil, nil, nil, fmt.Errorf("%w: line %d: code after a block comment", errShape, i+1)
				}
			} else {
				inComment = true
			}
		case t == `"use strict";` || t == `'use strict';`:
		case t == `Object.defineProperty(exports, "__esModule", { value: true });`:
		case declRe.MatchString(line):
		case line == helperLine:
			kinds[i] = kindLazy
		default:
			var m []string
			if m = eagerRe.FindStringSubmatch(line); m != nil {
				kinds[i] = kindEager
			} else if m = lazyRe.FindStringSubmatch(line); m != nil {
				kinds[i] = kindLazy
			} else {
				return nil, nil, nil, fmt.Errorf("%w: line %d: %q", errShape, i+1, truncate(line, 80))
			}
			name := m[1]
			if name == "__proto__" || name == "__esModule" {
				return nil, nil, nil, fmt.Errorf("%w: line %d: reserved export name %q", errShape, i+1, name)
			}
			if seen[name] {
				return nil, nil, nil, fmt.Errorf("%w: line %d: duplicate export %q", errShape, i+1, name)
			}
			seen[name] = true
			exps = append(exps, export{Name: name, Path: m[2]})
		}
	}
	if inComment {
		return nil, nil, nil, fmt.Errorf("%w: unterminated block comment", errShape)
	}
	return lines, kinds, exps, nil
}

// isLazy reports whether src carries the header this package writes.
func isLazy(src []byte) bool {
	return bytes.HasPrefix(src, []byte(headerPrefix))
}

// rewriteIndex turns an eager module index into a lazy one. It returns
// errShape (wrapped) unless every line is classified, there are at least
// minEager eager re-exports and no lazy lines. The output has the header
// line first, the helper line before the first export and one lazy line in
// place of each eager line; every other line is kept byte for byte.
func rewriteIndex(src []byte, minEager int) ([]byte, []export, error) {
	if isLazy(src) {
		return nil, nil, fmt.Errorf("%w: already lazy", errShape)
	}
	lines, kinds, exps, err := classify(src)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range kinds {
		if k == kindLazy {
			return nil, nil, fmt.Errorf("%w: mixes eager and lazy lines", errShape)
		}
	}
	if len(exps) < minEager {
		return nil, nil, fmt.Errorf("%w: %d eager re-exports, want at least %d", errShape, len(exps), minEager)
	}
	var b strings.Builder
	b.Grow(len(src) + len(exps)*40 + len(helperLine) + len(headerLine) + 2)
	b.WriteString(headerLine)
	b.WriteByte('\n')
	helperDone := false
	n := 0
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if kinds[i] != kindEager {
			b.WriteString(line)
			continue
		}
		if !helperDone {
			b.WriteString(helperLine)
			b.WriteByte('\n')
			helperDone = true
		}
		e := exps[n]
		n++
		fmt.Fprintf(&b, `%s("%s", function () { return require("%s"); });`, helperName, e.Name, e.Path)
	}
	return []byte(b.String()), exps, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
