package test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestGolden compares every stack of the example organization with its
// reviewed snapshot in testdata/. A difference is a change to what users
// deploy: run `go test ./test -update` and read the diff before committing.
func TestGolden(t *testing.T) {
	raw, _ := exampleOrg(t)
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, name, raw[name])
		})
	}
	if !*update {
		// A stack that disappeared leaves its golden file behind.
		files, _ := filepath.Glob(filepath.Join("testdata", "*.golden.json"))
		for _, f := range files {
			stack := strings.TrimSuffix(filepath.Base(f), ".golden.json")
			if _, ok := raw[stack]; !ok {
				t.Errorf("%s has no stack %q any more; delete it", f, stack)
			}
		}
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./test -update` to create it)", err)
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diffs := jsonDiff("", w, g); len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], fmt.Sprintf("... and %d more", len(diffs)-20))
		}
		t.Errorf("stack %s differs from %s (if intended: go test ./test -update, then review the diff):\n  %s", name, path, strings.Join(diffs, "\n  "))
	}
}

// jsonDiff lists the paths where want and got differ, such as
// resource.aws_s3_bucket.app-data.bucket, so a failure names the resource.
func jsonDiff(path string, want, got any) []string {
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if wok && gok {
		keys := map[string]bool{}
		for k := range wm {
			keys[k] = true
		}
		for k := range gm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			p := strings.TrimPrefix(path+"."+k, ".")
			wv, inW := wm[k]
			gv, inG := gm[k]
			switch {
			case !inW:
				out = append(out, "added:   "+p)
			case !inG:
				out = append(out, "removed: "+p)
			default:
				out = append(out, jsonDiff(p, wv, gv)...)
			}
		}
		return out
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("changed: %s: %s -> %s", path, short(want), short(got))}
	}
	return nil
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 160 {
		return string(b[:160]) + "..."
	}
	return string(b)
}
