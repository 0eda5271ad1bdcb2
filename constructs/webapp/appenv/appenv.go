// Package appenv holds the rules for what the web application's app tier
// sees of its environment: where the shared file system is mounted and the
// names of the environment variables that carry its secrets, as plain Go,
// so that the webapp construct and the organization model check the same
// rules without loading the AWS provider.
package appenv

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// DefaultMountPath is where the app tier sees the shared file system.
const DefaultMountPath = "/mnt/share"

// Environment variables the app tier gets. SharePathEnv names the share's
// mount path; an app secret reaches a Fargate task as its Env (the
// secret's value, set by ECS) and an EC2 instance as Env+SecretARNSuffix
// (the secret's ARN, for the application to read it).
const (
	SharePathEnv    = "SHARE_PATH"
	SecretARNSuffix = "_SECRET_ARN"
)

// reservedEnv are the variables the composer sets itself.
var reservedEnv = []string{"UPLOADS_BUCKET", "UPLOADS_PREFIX", "SESSIONS_HOST", "SESSIONS_PORT", SharePathEnv}

var (
	envRE       = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	mountPathRE = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+$`)
)

// CheckMountPath checks where the app tier mounts the share: an absolute
// path of letters, digits and ._- below /, not /tmp (the tasks' scratch
// volume).
func CheckMountPath(mp string) error {
	switch {
	case !mountPathRE.MatchString(mp) || mp == "/":
		return errors.New("an absolute path below / of letters, digits and ._-")
	case mp == "/tmp" || strings.HasPrefix(mp, "/tmp/"):
		return errors.New("/tmp is the tasks' scratch volume")
	}
	return nil
}

// CheckSecretEnv checks the environment variable name of an app secret:
// upper-case letters, digits and _, and none the composer sets itself.
func CheckSecretEnv(env string) error {
	switch {
	case !envRE.MatchString(env):
		return errors.New("an environment variable name of upper-case letters, digits and _")
	case slices.Contains(reservedEnv, env) || slices.Contains(reservedEnv, env+SecretARNSuffix):
		return fmt.Errorf("the composer sets %v itself", reservedEnv)
	}
	return nil
}
