package stacks

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestStagingDirRemovesAbandonedOnes: a synth killed midway leaves its
// staging directory behind; the next run removes it, and leaves alone the
// ones that a running synth still writes.
func TestStagingDirRemovesAbandonedOnes(t *testing.T) {
	parent := t.TempDir()
	outdir := filepath.Join(parent, "cdktf.out")

	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skipf("no process to outlive: %v", err)
	}
	mk := func(name, owner string, age time.Duration) string {
		dir := filepath.Join(parent, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(owner), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if age > 0 {
			then := time.Now().Add(-age)
			if err := os.Chtimes(dir, then, then); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	tests := []struct {
		name, owner string
		age         time.Duration
		keep        bool
	}{
		{".cdktf.out-dead", strconv.Itoa(dead.Process.Pid), 0, false},
		{".cdktf.out-alive", strconv.Itoa(os.Getppid()), 0, true},
		{".cdktf.out-mine", strconv.Itoa(os.Getpid()), 0, true},
		{".cdktf.out-garbled", "not a pid", 0, false},
		{".cdktf.out-old-unowned", "", 2 * staleAfter, false},
		{".cdktf.out-new-unowned", "", 0, true},
		{".cdktf.out-orphan.old", "", 0, false}, // its staging directory is gone
		{".other-dead", strconv.Itoa(dead.Process.Pid), 0, true},
	}
	for _, tt := range tests {
		mk(tt.name, tt.owner, tt.age)
	}
	got, err := StagingDir(outdir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(got, ownerFile)); err != nil {
		t.Errorf("the new staging directory records its owner: %v", err)
	}
	for _, tt := range tests {
		_, err := os.Stat(filepath.Join(parent, tt.name))
		if kept := err == nil; kept != tt.keep {
			t.Errorf("%s: kept = %v, want %v", tt.name, kept, tt.keep)
		}
	}
}
