package fargateservice

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func ptr(s string) *string { return &s }

func good() Props {
	return Props{
		Name: "acme-prod-app", VPCID: ptr("vpc-1"), SubnetIDs: []*string{ptr("subnet-a"), ptr("subnet-b")},
		SecurityGroupID: ptr("sg-app"), TargetGroupARN: ptr("arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/app/abc"),
	}
}

func TestValidate(t *testing.T) {
	const secret = "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf"
	cases := []struct {
		name string
		edit func(*Props)
		want []string // one line per problem, each naming the field and value
	}{
		{"defaults", func(*Props) {}, nil},
		{"every field bad", func(p *Props) {
			p.Name, p.VPCID, p.SubnetIDs, p.SecurityGroupID, p.TargetGroupARN = "Bad_Name", nil, nil, nil, nil
		}, []string{`Name "Bad_Name"`, "VPCID is required", "SubnetIDs: 0 subnets", "SecurityGroupID is required", "TargetGroupARN is required"}},
		{"long name", func(p *Props) { p.Name = strings.Repeat("a", 41) }, []string{"longer than 40"}},
		{"latest tag", func(p *Props) { p.ImageTag = "latest" }, []string{`ImageTag "latest"`}},
		{"image and tag", func(p *Props) { p.Image, p.ImageTag = "public.ecr.aws/x/y:1", "v2" }, []string{`ImageTag "v2": give either`}},
		{"image latest", func(p *Props) { p.Image = "public.ecr.aws/x/y:latest" }, []string{`Image "public.ecr.aws/x/y:latest"`}},
		{"image untagged", func(p *Props) { p.Image = "registry.example.com:5000/app" }, []string{`Image "registry.example.com:5000/app"`}},
		{"image by digest", func(p *Props) { p.Image = "public.ecr.aws/x/y@sha256:abc" }, nil},
		{"image tagged", func(p *Props) { p.Image = "registry.example.com:5000/app:1.2" }, nil},
		{"health command", func(p *Props) { p.HealthCheckCommand = "a\nb" }, []string{"HealthCheckCommand"}},
		{"root user", func(p *Props) { p.User = "0:0" }, []string{`User "0:0": containers run as a non-root user`}},
		{"root name", func(p *Props) { p.User = "root" }, []string{`User "root"`}},
		{"odd size", func(p *Props) { p.CPU, p.MemoryMiB = 512, 512 }, []string{"MemoryMiB 512: with CPU 512"}},
		{"bad cpu", func(p *Props) { p.CPU = 300 }, []string{"CPU 300"}},
		{"tasks", func(p *Props) { p.MinTasks, p.MaxTasks = 4, 3 }, []string{"MaxTasks 3: less than MinTasks 4"}},
		{"production one task", func(p *Props) { p.Production, p.MinTasks = true, 1 }, []string{"MinTasks 1: production"}},
		{"production exec", func(p *Props) { p.Production, p.EnableExecuteCommand = true, true }, []string{"EnableExecuteCommand: refused in production"}},
		{"cpu target", func(p *Props) { p.TargetCPUPercent = 95 }, []string{"TargetCPUPercent 95"}},
		{"secrets", func(p *Props) {
			p.Secrets = map[string]string{"DB": "not-an-arn", "1X": secret}
			p.Environment = map[string]string{"DB": "x"}
		}, []string{`Secrets["DB"] "not-an-arn"`, `Secrets["1X"]: not an environment variable name`, `Environment["DB"]: also set from Secrets`}},
		{"secret keys", func(p *Props) { p.SecretKeyARNs = []string{"alias/x"} }, []string{`SecretKeyARNs[0] "alias/x"`}},
		{"health path", func(p *Props) { p.HealthCheckPath = "health" }, []string{`HealthCheckPath "health"`}},
		{"retention", func(p *Props) { p.LogRetentionDays = 2 }, []string{"LogRetentionDays 2"}},
		{"port", func(p *Props) { p.ContainerPort = 70000 }, []string{"ContainerPort 70000"}},
		{"secret references", func(p *Props) {
			p.Secrets = map[string]string{"API_KEY": "${TfToken[TOKEN.12]}"}
			p.SecretKeyARNs = []string{"${TfToken[TOKEN.13]}"}
		}, nil},
		{"secret reference with more", func(p *Props) {
			p.Secrets = map[string]string{"API_KEY": "${TfToken[TOKEN.12]}:key::"}
			p.SecretKeyARNs = []string{"key-${TfToken[TOKEN.13]}"}
		}, []string{`Secrets["API_KEY"] "${TfToken[TOKEN.12]}:key::": a reference must be the secret's ARN alone`, `SecretKeyARNs[0] "key-${TfToken[TOKEN.13]}"`}},
		{"share", func(p *Props) {
			p.Share = &EFSVolume{FileSystemID: ptr("fs"), AccessPointID: ptr("ap"), ContainerPath: "/mnt/share"}
		}, nil},
		{"share ids", func(p *Props) { p.Share = &EFSVolume{ContainerPath: "/mnt/share"} }, []string{"Share: FileSystemID and AccessPointID are required"}},
		{"share path", func(p *Props) {
			p.Share = &EFSVolume{FileSystemID: ptr("fs"), AccessPointID: ptr("ap"), ContainerPath: "mnt"}
		}, []string{`Share.ContainerPath "mnt"`}},
		{"share root", func(p *Props) {
			p.Share = &EFSVolume{FileSystemID: ptr("fs"), AccessPointID: ptr("ap"), ContainerPath: "/"}
		}, []string{`Share.ContainerPath "/"`}},
		{"share tmp", func(p *Props) {
			p.Share = &EFSVolume{FileSystemID: ptr("fs"), AccessPointID: ptr("ap"), ContainerPath: "/tmp/share"}
		}, []string{`Share.ContainerPath "/tmp/share": /tmp is the task's scratch volume`}},
		{"share ready", func(p *Props) {
			p.Share = &EFSVolume{FileSystemID: ptr("fs"), AccessPointID: ptr("ap"), ContainerPath: "/mnt/share", Ready: []cdktf.ITerraformDependable{nil}}
		}, []string{"Share.Ready: an entry is nil"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := good()
			tc.edit(&p)
			err := p.validate("app")
			validationtest.Lines(t, err, "fargateservice app: ", tc.want)
		})
	}
}

func TestContainerDefinitions(t *testing.T) {
	p := good()
	p.Secrets = map[string]string{"DB_PASSWORD": "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf:password::"}
	p.Environment = map[string]string{"B": "2", "A": "1"}
	if err := p.validate("app"); err != nil {
		t.Fatal(err)
	}
	env := awsenv.Env{AccountID: "111111111111", Region: "us-east-1", Partition: "aws"}
	var defs []map[string]any
	if err := json.Unmarshal([]byte(p.containerDefinitions(env, "img:v1", "/ecs/acme-prod-app")), &defs); err != nil {
		t.Fatal(err)
	}
	d := defs[0]
	for k, want := range map[string]any{"readonlyRootFilesystem": true, "user": "1000:1000", "essential": true, "name": "app"} {
		if d[k] != want {
			t.Errorf("%s = %v, want %v", k, d[k], want)
		}
	}
	if _, ok := d["privileged"]; ok {
		t.Error("privileged is written")
	}
	lc := d["logConfiguration"].(map[string]any)
	if lc["logDriver"] != "awslogs" || lc["options"].(map[string]any)["awslogs-group"] != "/ecs/acme-prod-app" {
		t.Errorf("logConfiguration = %v", lc)
	}
	hc := d["healthCheck"].(map[string]any)
	if cmd := hc["command"].([]any); cmd[1] != "curl -fsS http://localhost:8080/health || exit 1" {
		t.Errorf("health check = %v", cmd)
	}
	if env := d["environment"].([]any); env[0].(map[string]any)["name"] != "A" {
		t.Errorf("environment not sorted: %v", env)
	}

	stmts := p.executionStatements(env, "arn:aws:ecr:us-east-1:111111111111:repository/acme-prod-app", "arn:aws:logs:us-east-1:111111111111:log-group:/ecs/acme-prod-app")
	var secrets []string
	for _, s := range stmts {
		if s.Sid == "Secrets" {
			secrets = s.Resources
		}
		if s.Sid == "SecretKeys" {
			t.Error("a key statement without SecretKeyARNs")
		}
	}
	if len(secrets) != 1 || secrets[0] != "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf" {
		t.Errorf("secret resources = %v, want the secret's ARN without the JSON key", secrets)
	}
}

// TestContainerDefinitionsShare checks the share's mount point beside /tmp
// and a secret given by reference, passed to ECS as it is.
func TestContainerDefinitionsShare(t *testing.T) {
	p := good()
	p.Share = &EFSVolume{FileSystemID: ptr("${TfToken[TOKEN.1]}"), AccessPointID: ptr("${TfToken[TOKEN.2]}"), ContainerPath: "/mnt/share"}
	p.Secrets = map[string]string{"API_KEY": "${TfToken[TOKEN.3]}"}
	p.SecretKeyARNs = []string{"${TfToken[TOKEN.4]}"}
	p.Environment = map[string]string{"SHARE_PATH": "/mnt/share"}
	if err := p.validate("app"); err != nil {
		t.Fatal(err)
	}
	env := awsenv.Env{AccountID: "111111111111", Region: "us-east-1", Partition: "aws"}
	js := p.containerDefinitions(env, "img:v1", "/ecs/acme-prod-app")
	for _, want := range []string{
		`"mountPoints":[{"containerPath":"/tmp","readOnly":false,"sourceVolume":"tmp"},{"containerPath":"/mnt/share","readOnly":false,"sourceVolume":"share"}]`,
		`"secrets":[{"name":"API_KEY","valueFrom":"${TfToken[TOKEN.3]}"}]`,
		`"environment":[{"name":"SHARE_PATH","value":"/mnt/share"}]`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("container definitions lack %s: %s", want, js)
		}
	}
	stmts := p.executionStatements(env, "", "arn:aws:logs:us-east-1:111111111111:log-group:/ecs/acme-prod-app")
	found := map[string][]string{}
	for _, s := range stmts {
		found[s.Sid] = s.Resources
	}
	if got := found["Secrets"]; len(got) != 1 || got[0] != "${TfToken[TOKEN.3]}" {
		t.Errorf("execution role's secrets = %v", got)
	}
	if got := found["SecretKeys"]; len(got) != 1 || got[0] != "${TfToken[TOKEN.4]}" {
		t.Errorf("execution role's keys = %v", got)
	}
}
