package efsspec

import (
	"errors"
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func TestWithDefaults(t *testing.T) {
	want := Settings{TransitionToIA: "AFTER_30_DAYS", UID: 1000, GID: 1000, RootPath: "/share", Permissions: "0750"}
	if got := (Settings{}).WithDefaults(); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	custom := Settings{TransitionToIA: "AFTER_7_DAYS", UID: 33, GID: 34, RootPath: "/www", Permissions: "0770"}
	if got := custom.WithDefaults(); got != custom {
		t.Errorf("set fields changed: %+v", got)
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*Settings)
		want []string
	}{
		{"defaults", func(*Settings) {}, nil},
		{"custom", func(s *Settings) {
			s.TransitionToIA, s.UID, s.GID, s.RootPath, s.Permissions = "AFTER_7_DAYS", 33, 33, "/www/uploads", "0770"
		}, nil},
		{"transition", func(s *Settings) { s.TransitionToIA = "AFTER_2_DAYS" }, []string{`TransitionToIA "AFTER_2_DAYS": use one of [AFTER_1_DAY`}},
		{"root user", func(s *Settings) { s.UID, s.GID = -1, 4294967296 }, []string{"UID -1: use a non-root POSIX user id", "GID 4294967296: use a non-root POSIX group id"}},
		{"path", func(s *Settings) { s.RootPath = "share" }, []string{`RootPath "share": an absolute path below /`}},
		{"path root", func(s *Settings) { s.RootPath = "/" }, []string{`RootPath "/"`}},
		{"path too long", func(s *Settings) { s.RootPath = strings.Repeat("/a", 51) }, []string{"at most 100 characters"}},
		{"mode", func(s *Settings) { s.Permissions = "0777" }, []string{`Permissions "0777": others get no access`}},
		{"mode not octal", func(s *Settings) { s.Permissions = "rwx" }, []string{`Permissions "rwx": an octal mode`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Settings{}.WithDefaults()
			c.mod(&s)
			validationtest.Lines(t, errors.Join(s.Check().Errors()...), "", c.want)
		})
	}
}
