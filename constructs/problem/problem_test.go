package problem

import (
	"errors"
	"testing"
)

func TestError(t *testing.T) {
	var l List
	l.Add("Name", "a b", "2-40 letters")
	l.Add("Keep", 5000, "keep 1-%d", 1000)
	l.Add("TargetTag", Raw(`"k"=""`), "give both")
	l.Add("AdminPrincipalARNs", nil, "give the deploying role")
	want := `Name "a b": 2-40 letters
Keep 5000: keep 1-1000
TargetTag "k"="": give both
AdminPrincipalARNs: give the deploying role`
	if got := errors.Join(l.Errors()...).Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if Quote([]string{"a"}) != `["a"]` || Quote(3) != "3" {
		t.Error("Quote")
	}
}
