package appenv

import (
	"strings"
	"testing"
)

func TestCheckMountPath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{DefaultMountPath, ""},
		{"/srv/app-data/v1.0", ""},
		{"/", "an absolute path below /"},
		{"mnt/share", "an absolute path below /"},
		{"/mnt/my share", "an absolute path below /"},
		{"/mnt//share", "an absolute path below /"},
		{"/tmp", "/tmp is the tasks' scratch volume"},
		{"/tmp/share", "/tmp is the tasks' scratch volume"},
		{"/tmpfiles", ""},
	} {
		checkErr(t, tt.in, CheckMountPath(tt.in), tt.want)
	}
}

func TestCheckSecretEnv(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"PARTNER_API_KEY", ""},
		{"_X1", ""},
		{"", "an environment variable name"},
		{"partner_key", "an environment variable name"},
		{"1KEY", "an environment variable name"},
		{SharePathEnv, "the composer sets [UPLOADS_BUCKET UPLOADS_PREFIX SESSIONS_HOST SESSIONS_PORT SHARE_PATH] itself"},
		{"UPLOADS_BUCKET", "the composer sets"},
	} {
		checkErr(t, tt.in, CheckSecretEnv(tt.in), tt.want)
	}
}

func checkErr(t *testing.T, in string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%q: %v", in, err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("%q: got %v, want %q", in, err, want)
	}
}
