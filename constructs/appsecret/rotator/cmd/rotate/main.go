// Command rotate is the rotation Lambda function of package appsecret (see
// package rotator), with the no-op Service.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/acme/landing-zone/constructs/appsecret/rotator"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("rotate cannot start", "error", err)
		os.Exit(1)
	}
	r := &rotator.Rotator{Client: secretsmanager.NewFromConfig(cfg), Log: log}
	lambda.Start(r.Handle)
}
