package rotator

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// fakeSM keeps versions and their stages like Secrets Manager.
type fakeSM struct {
	rotation bool
	values   map[string]string   // version -> value
	stages   map[string][]string // version -> stages
	puts     int
}

func newFake() *fakeSM {
	return &fakeSM{rotation: true, values: map[string]string{}, stages: map[string][]string{}}
}

func (f *fakeSM) DescribeSecret(context.Context, *secretsmanager.DescribeSecretInput, ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error) {
	m := map[string][]string{}
	for k, v := range f.stages {
		m[k] = append([]string(nil), v...)
	}
	return &secretsmanager.DescribeSecretOutput{RotationEnabled: aws.Bool(f.rotation), VersionIdsToStages: m}, nil
}

func (f *fakeSM) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	for id, st := range f.stages {
		if (in.VersionId == nil || *in.VersionId == id) && has(st, aws.ToString(in.VersionStage)) {
			if v, ok := f.values[id]; ok {
				return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(v), VersionId: aws.String(id)}, nil
			}
		}
	}
	return nil, &types.ResourceNotFoundException{Message: aws.String("no such version")}
}

func (f *fakeSM) PutSecretValue(_ context.Context, in *secretsmanager.PutSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.PutSecretValueOutput, error) {
	f.puts++
	id := *in.ClientRequestToken
	f.values[id] = *in.SecretString
	f.stages[id] = append(f.stages[id], in.VersionStages...)
	return &secretsmanager.PutSecretValueOutput{}, nil
}

func (f *fakeSM) UpdateSecretVersionStage(_ context.Context, in *secretsmanager.UpdateSecretVersionStageInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.UpdateSecretVersionStageOutput, error) {
	stage := *in.VersionStage
	for id, st := range f.stages {
		if has(st, stage) && (in.RemoveFromVersionId == nil || *in.RemoveFromVersionId != id) {
			return nil, fmt.Errorf("InvalidParameterException: %s is on %s, RemoveFromVersionId not given", stage, id)
		}
	}
	if in.RemoveFromVersionId != nil {
		rm := *in.RemoveFromVersionId
		f.stages[rm] = remove(f.stages[rm], stage)
		f.stages[rm] = append(f.stages[rm], "AWSPREVIOUS")
	}
	to := *in.MoveToVersionId
	f.stages[to] = append(remove(f.stages[to], StagePending), stage)
	return &secretsmanager.UpdateSecretVersionStageOutput{}, nil
}

func remove(s []string, x string) []string {
	var out []string
	for _, v := range s {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

// recService records calls and can fail Test.
type recService struct {
	set, tested []string
	failTest    bool
}

func (s *recService) Set(_ context.Context, _, current, pending string) error {
	s.set = append(s.set, current+">"+pending)
	return nil
}

func (s *recService) Test(_ context.Context, _, pending string) error {
	s.tested = append(s.tested, pending)
	if s.failTest {
		return errors.New("key refused")
	}
	return nil
}

func rotate(t *testing.T, r *Rotator, f *fakeSM, token string) error {
	t.Helper()
	// RotateSecret labels the token's version AWSPENDING before calling the function.
	f.stages[token] = []string{StagePending}
	for _, step := range []string{"createSecret", "setSecret", "testSecret", "finishSecret"} {
		if err := r.Handle(context.Background(), Event{SecretID: "s", ClientRequestToken: token, Step: step}); err != nil {
			return fmt.Errorf("%s: %w", step, err)
		}
	}
	return nil
}

func TestRotation(t *testing.T) {
	f := newFake()
	f.values["v0"], f.stages["v0"] = "first-value-set-by-operator", []string{StageCurrent}
	svc := &recService{}
	r := &Rotator{Client: f, Service: svc}
	if err := rotate(t, r, f, "v1"); err != nil {
		t.Fatal(err)
	}
	if !has(f.stages["v1"], StageCurrent) || has(f.stages["v1"], StagePending) || !has(f.stages["v0"], "AWSPREVIOUS") {
		t.Fatalf("stages after rotation: %v", f.stages)
	}
	key := f.values["v1"]
	if b, err := base64.RawURLEncoding.DecodeString(key); err != nil || len(b) != KeyBytes {
		t.Fatalf("key %q is not %d random bytes: %v", key, KeyBytes, err)
	}
	if len(svc.set) != 1 || svc.set[0] != "first-value-set-by-operator>"+key || len(svc.tested) != 1 || svc.tested[0] != key {
		t.Fatalf("service calls: set %v tested %v", svc.set, svc.tested)
	}
	// A second rotation issues a different key.
	if err := rotate(t, r, f, "v2"); err != nil {
		t.Fatal(err)
	}
	if f.values["v2"] == key {
		t.Fatal("rotation reused the key")
	}
}

func TestRotationWithoutCurrent(t *testing.T) {
	f := newFake()
	r := &Rotator{Client: f} // NoopService
	if err := rotate(t, r, f, "v1"); err != nil {
		t.Fatal(err)
	}
	if !has(f.stages["v1"], StageCurrent) {
		t.Fatalf("stages: %v", f.stages)
	}
}

func TestCreateIsIdempotent(t *testing.T) {
	f := newFake()
	f.values["v0"], f.stages["v0"] = "old", []string{StageCurrent}
	f.stages["v1"] = []string{StagePending}
	r := &Rotator{Client: f}
	for i := 0; i < 2; i++ {
		if err := r.Handle(context.Background(), Event{SecretID: "s", ClientRequestToken: "v1", Step: "createSecret"}); err != nil {
			t.Fatal(err)
		}
	}
	if f.puts != 1 {
		t.Fatalf("PutSecretValue called %d times; want 1", f.puts)
	}
}

func TestRefusals(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(*fakeSM, *Rotator)
		ev    Event
		want  string
	}{
		{"no token", nil, Event{SecretID: "s", Step: "createSecret"}, "lacks SecretId or ClientRequestToken"},
		{"rotation off", func(f *fakeSM, _ *Rotator) { f.rotation = false }, Event{"s", "v1", "createSecret"}, "does not have rotation enabled"},
		{"unknown version", nil, Event{"s", "v9", "createSecret"}, "no version v9"},
		{"not pending", func(f *fakeSM, _ *Rotator) { f.stages["v1"] = []string{"AWSPREVIOUS"} }, Event{"s", "v1", "setSecret"}, "is not AWSPENDING"},
		{"unknown step", nil, Event{"s", "v1", "deleteSecret"}, `unknown step "deleteSecret"`},
		{"test fails", func(f *fakeSM, r *Rotator) {
			f.values["v1"] = "k"
			r.Service = &recService{failTest: true}
		}, Event{"s", "v1", "testSecret"}, "key refused"},
		{"generator fails", func(_ *fakeSM, r *Rotator) { r.NewKey = func() (string, error) { return "", errors.New("no entropy") } }, Event{"s", "v1", "createSecret"}, "no entropy"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake()
			f.values["v0"], f.stages["v0"] = "old", []string{StageCurrent}
			f.stages["v1"] = []string{StagePending}
			r := &Rotator{Client: f}
			if c.setup != nil {
				c.setup(f, r)
			}
			err := r.Handle(context.Background(), c.ev)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v; want %q", err, c.want)
			}
		})
	}
}

func TestSnakeCaseSteps(t *testing.T) {
	f := newFake()
	f.values["v0"], f.stages["v0"] = "old", []string{StageCurrent}
	f.stages["v1"] = []string{StagePending}
	r := &Rotator{Client: f}
	for _, step := range []string{"create_secret", "set_secret", "test_secret", "finish_secret"} {
		if err := r.Handle(context.Background(), Event{"s", "v1", step}); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	if !has(f.stages["v1"], StageCurrent) {
		t.Fatalf("stages: %v", f.stages)
	}
}

func TestAlreadyCurrentIsNoop(t *testing.T) {
	f := newFake()
	f.values["v0"], f.stages["v0"] = "old", []string{StageCurrent}
	r := &Rotator{Client: f}
	if err := r.Handle(context.Background(), Event{"s", "v0", "finishSecret"}); err != nil {
		t.Fatal(err)
	}
}
