package taskspec

import "testing"

func TestCheckTaskSize(t *testing.T) {
	for _, ok := range [][2]int{{256, 512}, {256, 2048}, {512, 4096}, {1024, 3072}, {4096, 30720}, {8192, 20480}, {16384, 122880}} {
		if err := CheckTaskSize(ok[0], ok[1]); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range [][2]int{{256, 1536}, {512, 512}, {1024, 9216}, {8192, 18432}, {128, 512}} {
		if err := CheckTaskSize(bad[0], bad[1]); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestCheckImageTag(t *testing.T) {
	for tag, ok := range map[string]bool{
		"v1": true, "1.2.3": true, "release_2026-11-30": true,
		"latest": false, "": false, "-v1": false, "v1:2": false, "a/b": false,
	} {
		if err := CheckImageTag(tag); (err == nil) != ok {
			t.Errorf("%q: %v", tag, err)
		}
	}
}
