package webapp

import (
	"strings"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/securebucket"
)

const (
	secretARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/api-AbCdEf"
	keyARN    = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
)

func stubFargate(constructs.Construct, string, FargateInput) (*FargateOutput, error) { return nil, nil }
func stubTaskRole(constructs.Construct, string, string, map[string]string) (*iamrole.Role, error) {
	return nil, nil
}

// TestValidateFilesAndSecrets checks every new field with bad input: one
// line per problem, naming the field and the value.
func TestValidateFilesAndSecrets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(p *Props)
		want   []string
	}{
		{"files defaults", func(p *Props) { p.Files = &Files{} }, nil},
		{"files custom", func(p *Props) {
			p.Files = &Files{TransitionToIA: "AFTER_7_DAYS", UID: 33, GID: 33, RootPath: "/www", Permissions: "0770", MountPath: "/srv/files"}
		}, nil},
		{"mount path", func(p *Props) { p.Files = &Files{MountPath: "srv"} }, []string{`Files.MountPath "srv"`}},
		{"mount root", func(p *Props) { p.Files = &Files{MountPath: "/"} }, []string{`Files.MountPath "/"`}},
		{"mount tmp", func(p *Props) { p.Files = &Files{MountPath: "/tmp/x"} }, []string{`Files.MountPath "/tmp/x": /tmp`}},
		{"share fields", func(p *Props) { p.Files = &Files{TransitionToIA: "SOON", UID: -1, RootPath: "x", Permissions: "0777"} }, []string{
			`Files: efsshare web-files: TransitionToIA "SOON"`, "Files: efsshare web-files: UID -1", `Files: efsshare web-files: RootPath "x"`, `Files: efsshare web-files: Permissions "0777"`,
		}},
		{"fargate without part", func(p *Props) { p.AppTier = AppTier{Kind: AppOnFargate}; p.Files = &Files{} }, []string{"Files: Parts.Fargate is nil"}},
		{"fargate without task role", func(p *Props) {
			p.AppTier, p.Parts.Fargate, p.Files = AppTier{Kind: AppOnFargate}, stubFargate, &Files{}
		}, []string{"Parts.FargateTaskRole is required with Files on Fargate"}},
		{"fargate with task role", func(p *Props) {
			p.AppTier, p.Parts.Fargate, p.Parts.FargateTaskRole, p.Files = AppTier{Kind: AppOnFargate}, stubFargate, stubTaskRole, &Files{}
		}, nil},
		{"secrets", func(p *Props) {
			p.AppSecrets = []SecretRef{{ARN: s(secretARN), KeyARN: s(keyARN), Env: "API_KEY"}, {ARN: s("${TfToken[TOKEN.9]}"), KeyARN: s("${TfToken[TOKEN.10]}"), Env: "DB"}}
		}, nil},
		{"secret fields", func(p *Props) {
			p.AppSecrets = []SecretRef{
				{Env: "API_KEY"},
				{ARN: s("arn:aws:s3:::bucket"), KeyARN: s("alias/app"), Env: "api-key"},
				{ARN: s("x-${TfToken[TOKEN.9]}"), Env: "API_KEY"},
				{ARN: s(secretARN), Env: "SESSIONS_HOST"},
				{ARN: s(secretARN), Env: "SHARE_PATH"},
			}
		}, []string{
			"AppSecrets[0].ARN is required",
			`AppSecrets[1].ARN "arn:aws:s3:::bucket"`, `AppSecrets[1].KeyARN "alias/app"`, `AppSecrets[1].Env "api-key"`,
			`AppSecrets[2].ARN "x-${TfToken[TOKEN.9]}"`, `AppSecrets[2].Env "API_KEY": names another secret too`,
			`AppSecrets[3].Env "SESSIONS_HOST": the composer sets`, `AppSecrets[4].Env "SHARE_PATH": the composer sets`,
		}},
		{"read buckets", func(p *Props) {
			p.AppSecrets = []SecretRef{{ARN: s(secretARN), Env: "API_KEY"}}
			p.ReadBuckets = []BucketRead{
				{Bucket: &securebucket.Bucket{Name: "images", ARN: "arn:aws:s3:::images"}, Env: "IMAGES_BUCKET"},
				{Env: "images"},
				{Bucket: &securebucket.Bucket{Name: "x", ARN: "arn:aws:s3:::x"}, Env: "API_KEY_SECRET_ARN"},
				{Bucket: &securebucket.Bucket{Name: "y", ARN: "arn:aws:s3:::y"}, Env: "UPLOADS_BUCKET"},
			}
		}, []string{
			"ReadBuckets[1].Bucket is required", `ReadBuckets[1].Env "images": an environment variable name`,
			`ReadBuckets[2].Env "API_KEY_SECRET_ARN": names another variable too`, `ReadBuckets[3].Env "UPLOADS_BUCKET": the composer sets`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := goodProps()
			tc.mutate(&p)
			err := p.validate("web")
			if len(tc.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(tc.want), err.Error())
			for i, w := range tc.want {
				assert.Contains(t, lines[i], "webapp web: "+w)
			}
		})
	}
}

// TestSecretStatements checks the app tier's read of its secrets: exactly
// the named ARNs, and their keys through Secrets Manager in the region.
func TestSecretStatements(t *testing.T) {
	env, err := awsenv.New("123456789012", "eu-west-1")
	require.NoError(t, err)
	assert.Nil(t, secretStatements(env, nil))
	stmts := secretStatements(env, []SecretRef{{ARN: s(secretARN), KeyARN: s(keyARN), Env: "API_KEY"}, {ARN: s("arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf"), Env: "B"}})
	require.Len(t, stmts, 2)
	assert.Equal(t, []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}, stmts[0].Actions)
	assert.Equal(t, []string{secretARN, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf"}, stmts[0].Resources)
	assert.Equal(t, []string{"kms:Decrypt"}, stmts[1].Actions)
	assert.Equal(t, []string{keyARN}, stmts[1].Resources)
	js := (&stmts[1]).Conditions
	require.Len(t, js, 1)
	assert.Equal(t, "kms:ViaService", js[0].Variable)
	assert.Equal(t, []string{"secretsmanager.eu-west-1.amazonaws.com"}, js[0].Values)
}

// TestAppEnvironment checks what the app tier learns, on both kinds: the
// share's path and the secrets' ARNs (the app reads the values itself, so
// that it follows rotation).
func TestAppEnvironment(t *testing.T) {
	p := goodProps()
	assert.Empty(t, p.appEnvironment(), "nothing new without Files and AppSecrets")
	p.Files = &Files{}
	p.AppSecrets = []SecretRef{{ARN: s(secretARN), KeyARN: s(keyARN), Env: "API_KEY"}}
	assert.Equal(t, map[string]string{"SHARE_PATH": "/mnt/share", "API_KEY_SECRET_ARN": secretARN}, p.appEnvironment())
}
