// Package boot starts an order function: a JSON logger, the environment
// variables it needs and the AWS configuration. A function missing any of
// them stops at once with one log line saying what, instead of failing later
// with an AWS error.
package boot

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
)

// Function is what a function's main needs to build its handler.
type Function struct {
	Log *slog.Logger
	// Env holds the required variables by name.
	Env map[string]string
	AWS aws.Config
}

// Start prepares the function called name, which needs the variables vars.
// It exits the process on failure.
func Start(name string, vars ...string) Function {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env, err := envvar.Require(vars...)
	if err != nil {
		Fail(log, name, err)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		Fail(log, name, err)
	}
	return Function{Log: log, Env: env, AWS: cfg}
}

// Fail logs why the function cannot start and exits.
func Fail(log *slog.Logger, name string, err error) {
	log.Error(name+" cannot start", "error", err)
	os.Exit(1)
}
