// Package efsspec holds the rules for an EFS share's lifecycle and access
// point settings (Infrequent Access transition, POSIX user, root directory
// and its mode) and their defaults, as plain Go, so that the efsshare
// construct and the organization model check the same rules without
// loading the AWS provider.
package efsspec

import (
	"cmp"
	"github.com/acme/landing-zone/constructs/problem"
	"regexp"
	"slices"
)

// Defaults of the fields whose zero value means "the default".
const (
	// DefaultTransitionToIA moves files not read for 30 days to Infrequent
	// Access (the EFS console's default lifecycle).
	DefaultTransitionToIA = "AFTER_30_DAYS"
	// DefaultUID and DefaultGID are the POSIX identity of every NFS
	// request through the access point.
	DefaultUID = 1000
	DefaultGID = 1000
	// DefaultRootPath is the access point's root directory.
	DefaultRootPath = "/share"
	// DefaultPermissions is the root directory's mode when EFS creates it.
	DefaultPermissions = "0750"
)

// transitionsToIA are the values of TransitionToIA the EFS API accepts
// (API_LifecyclePolicy, TransitionToIA).
var transitionsToIA = []string{"AFTER_1_DAY", "AFTER_7_DAYS", "AFTER_14_DAYS", "AFTER_30_DAYS", "AFTER_60_DAYS", "AFTER_90_DAYS", "AFTER_180_DAYS", "AFTER_270_DAYS", "AFTER_365_DAYS"}

var (
	// API_RootDirectory Path: up to 100 characters, absolute.
	rootPath = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+$`)
	// API_CreationInfo Permissions: octal, 3 or 4 digits.
	octalMode = regexp.MustCompile(`^[0-7]{3,4}$`)
)

// Settings are a share's lifecycle and access point settings: the
// efsshare.Props fields of the same names. Zero fields take the defaults
// of WithDefaults.
type Settings struct {
	// TransitionToIA is when unread files move to Infrequent Access;
	// default DefaultTransitionToIA.
	TransitionToIA string
	// UID and GID are the access point's POSIX user; defaults DefaultUID
	// and DefaultGID. Root (0) is refused: clients would own every file.
	UID, GID int
	// RootPath is the access point's root directory; default
	// DefaultRootPath.
	RootPath string
	// Permissions is the octal mode EFS gives RootPath when it creates it;
	// default DefaultPermissions.
	Permissions string
}

// WithDefaults returns s with its zero fields set.
func (s Settings) WithDefaults() Settings {
	s.TransitionToIA = cmp.Or(s.TransitionToIA, DefaultTransitionToIA)
	s.UID, s.GID = cmp.Or(s.UID, DefaultUID), cmp.Or(s.GID, DefaultGID)
	s.RootPath = cmp.Or(s.RootPath, DefaultRootPath)
	s.Permissions = cmp.Or(s.Permissions, DefaultPermissions)
	return s
}

// Check reports every problem of s (after WithDefaults), one error each,
// as "Field value: what is allowed", the field named as in Settings;
// callers prefix what they check.
func (s Settings) Check() problem.List {
	var bad problem.List
	if !slices.Contains(transitionsToIA, s.TransitionToIA) {
		bad.Add("TransitionToIA", s.TransitionToIA, "use one of %v", transitionsToIA)
	}
	// POSIX ids 0-4294967295 (API_PosixUser); 0 is root.
	if s.UID < 1 || s.UID > 4294967295 {
		bad.Add("UID", s.UID, "use a non-root POSIX user id, 1-4294967295")
	}
	if s.GID < 1 || s.GID > 4294967295 {
		bad.Add("GID", s.GID, "use a non-root POSIX group id, 1-4294967295")
	}
	if len(s.RootPath) > 100 || !rootPath.MatchString(s.RootPath) {
		bad.Add("RootPath", s.RootPath, "an absolute path below / of at most 100 characters, such as /share")
	}
	if !octalMode.MatchString(s.Permissions) {
		bad.Add("Permissions", s.Permissions, "an octal mode such as 0750")
	} else if s.Permissions[len(s.Permissions)-1] != '0' {
		bad.Add("Permissions", s.Permissions, "others get no access to the share's root; end the mode in 0")
	}
	return bad
}
