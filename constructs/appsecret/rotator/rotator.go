// Package rotator is the Secrets Manager rotation function of package
// appsecret for a generic API-key secret. It implements the four steps
// Secrets Manager invokes in order with the same ClientRequestToken
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html,
// and AWS's template SecretsManagerRotationTemplate/lambda_function.py):
//
//   - createSecret: generate a new key with crypto/rand and store it as the
//     AWSPENDING version under the token (idempotent: an existing pending
//     version is kept, since Secrets Manager retries steps).
//   - setSecret: hand the pending key to the Service, which registers it with
//     whatever system accepts the key.
//   - testSecret: ask the Service to check the pending key works.
//   - finishSecret: move AWSCURRENT to the token's version (AWSPREVIOUS then
//     follows automatically).
//
// The Service is pluggable. The default, NoopService, registers and checks
// nothing: rotation then just issues a fresh random key that consumers read
// from Secrets Manager, which fits keys this account itself checks (for
// example a shared secret between two of its services). A key issued by a
// third party needs a Service that calls that party's API.
package rotator

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// Version stages Secrets Manager uses during rotation.
const (
	StageCurrent = "AWSCURRENT"
	StagePending = "AWSPENDING"
)

// Event is what Secrets Manager sends the rotation function.
type Event struct {
	SecretID           string `json:"SecretId"`
	ClientRequestToken string `json:"ClientRequestToken"`
	Step               string `json:"Step"`
}

// Client is the part of the Secrets Manager API the rotator uses.
type Client interface {
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
	PutSecretValue(ctx context.Context, in *secretsmanager.PutSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.PutSecretValueOutput, error)
	UpdateSecretVersionStage(ctx context.Context, in *secretsmanager.UpdateSecretVersionStageInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.UpdateSecretVersionStageOutput, error)
}

// Service is the system that accepts the API key.
//
// Set makes pending a valid key (current, which may be empty on the first
// rotation, stays valid until finishSecret, so consumers reading AWSCURRENT
// keep working). Test returns an error if pending does not work. Both must be
// idempotent: Secrets Manager may call a step more than once.
type Service interface {
	Set(ctx context.Context, secretID, current, pending string) error
	Test(ctx context.Context, secretID, pending string) error
}

// NoopService accepts every key without calling anything.
type NoopService struct{}

// Set does nothing.
func (NoopService) Set(context.Context, string, string, string) error { return nil }

// Test does nothing.
func (NoopService) Test(context.Context, string, string) error { return nil }

// KeyBytes is the random length of a generated key (256 bits), encoded as
// unpadded base64url (43 characters).
const KeyBytes = 32

// NewKey returns a random API key from crypto/rand.
func NewKey() (string, error) {
	b := make([]byte, KeyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate key: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Rotator handles rotation events.
type Rotator struct {
	Client  Client
	Service Service // nil: NoopService
	Log     *slog.Logger
	// NewKey generates keys; nil: the package's NewKey.
	NewKey func() (string, error)
}

// Handle runs one step of a rotation.
func (r *Rotator) Handle(ctx context.Context, ev Event) error {
	if ev.SecretID == "" || ev.ClientRequestToken == "" {
		return fmt.Errorf("event lacks SecretId or ClientRequestToken: %+v", ev)
	}
	desc, err := r.Client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(ev.SecretID)})
	if err != nil {
		return fmt.Errorf("describe %s: %w", ev.SecretID, err)
	}
	if !aws.ToBool(desc.RotationEnabled) {
		return fmt.Errorf("secret %s does not have rotation enabled", ev.SecretID)
	}
	stages, ok := desc.VersionIdsToStages[ev.ClientRequestToken]
	if !ok {
		return fmt.Errorf("secret %s has no version %s for rotation", ev.SecretID, ev.ClientRequestToken)
	}
	if has(stages, StageCurrent) {
		r.log().Info("version already current", "secret", ev.SecretID, "version", ev.ClientRequestToken)
		return nil
	}
	if !has(stages, StagePending) {
		return fmt.Errorf("version %s of secret %s is not %s", ev.ClientRequestToken, ev.SecretID, StagePending)
	}
	// The AWS templates compare Step with createSecret etc.; the user
	// guide's "Rotation by Lambda function" page spells the steps
	// create_secret etc. Both are accepted.
	switch ev.Step {
	case "createSecret", "create_secret":
		return r.create(ctx, ev)
	case "setSecret", "set_secret":
		return r.set(ctx, ev)
	case "testSecret", "test_secret":
		return r.test(ctx, ev)
	case "finishSecret", "finish_secret":
		return r.finish(ctx, ev, desc.VersionIdsToStages)
	}
	return fmt.Errorf("unknown step %q", ev.Step)
}

func (r *Rotator) create(ctx context.Context, ev Event) error {
	if _, err := r.value(ctx, ev.SecretID, ev.ClientRequestToken, StagePending); err == nil {
		r.log().Info("createSecret: pending version exists", "secret", ev.SecretID)
		return nil
	} else if !notFound(err) {
		return err
	}
	gen := r.NewKey
	if gen == nil {
		gen = NewKey
	}
	key, err := gen()
	if err != nil {
		return err
	}
	_, err = r.Client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
		SecretId: aws.String(ev.SecretID), ClientRequestToken: aws.String(ev.ClientRequestToken),
		SecretString: aws.String(key), VersionStages: []string{StagePending},
	})
	if err != nil {
		return fmt.Errorf("createSecret %s: %w", ev.SecretID, err)
	}
	r.log().Info("createSecret: pending version stored", "secret", ev.SecretID, "version", ev.ClientRequestToken)
	return nil
}

func (r *Rotator) set(ctx context.Context, ev Event) error {
	pending, err := r.value(ctx, ev.SecretID, ev.ClientRequestToken, StagePending)
	if err != nil {
		return err
	}
	// No current value yet (the secret was created empty and rotated once to
	// set its first value): the Service gets "".
	current, err := r.value(ctx, ev.SecretID, "", StageCurrent)
	if err != nil && !notFound(err) {
		return err
	}
	if err := r.service().Set(ctx, ev.SecretID, current, pending); err != nil {
		return fmt.Errorf("setSecret %s: %w", ev.SecretID, err)
	}
	return nil
}

func (r *Rotator) test(ctx context.Context, ev Event) error {
	pending, err := r.value(ctx, ev.SecretID, ev.ClientRequestToken, StagePending)
	if err != nil {
		return err
	}
	if err := r.service().Test(ctx, ev.SecretID, pending); err != nil {
		return fmt.Errorf("testSecret %s: %w", ev.SecretID, err)
	}
	return nil
}

func (r *Rotator) finish(ctx context.Context, ev Event, versions map[string][]string) error {
	in := &secretsmanager.UpdateSecretVersionStageInput{
		SecretId: aws.String(ev.SecretID), VersionStage: aws.String(StageCurrent),
		MoveToVersionId: aws.String(ev.ClientRequestToken),
	}
	for id, stages := range versions {
		if has(stages, StageCurrent) {
			in.RemoveFromVersionId = aws.String(id)
		}
	}
	if _, err := r.Client.UpdateSecretVersionStage(ctx, in); err != nil {
		return fmt.Errorf("finishSecret %s: %w", ev.SecretID, err)
	}
	r.log().Info("finishSecret: version is current", "secret", ev.SecretID, "version", ev.ClientRequestToken)
	return nil
}

func (r *Rotator) value(ctx context.Context, id, version, stage string) (string, error) {
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(id), VersionStage: aws.String(stage)}
	if version != "" {
		in.VersionId = aws.String(version)
	}
	out, err := r.Client.GetSecretValue(ctx, in)
	if err != nil {
		return "", fmt.Errorf("get %s %s: %w", id, stage, err)
	}
	return aws.ToString(out.SecretString), nil
}

func (r *Rotator) service() Service {
	if r.Service == nil {
		return NoopService{}
	}
	return r.Service
}

func (r *Rotator) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

func notFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return errors.As(err, &nf)
}

func has(stages []string, s string) bool {
	for _, x := range stages {
		if x == s {
			return true
		}
	}
	return false
}
