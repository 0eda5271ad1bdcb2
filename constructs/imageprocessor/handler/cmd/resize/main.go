// Command resize is the image-processing Lambda function (see package
// handler). It reads its configuration from environment variables and
// refuses to start when one is missing or out of range.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/acme/landing-zone/constructs/imageprocessor/handler"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	h, err := configure(log)
	if err != nil {
		log.Error("resize cannot start", "error", err)
		os.Exit(1)
	}
	lambda.Start(h.Handle)
}

func configure(log *slog.Logger) (*handler.Handler, error) {
	h := &handler.Handler{Log: log, Limits: handler.DefaultLimits}
	for name, dst := range map[string]*string{handler.EnvSource: &h.Source, handler.EnvPrefix: &h.Prefix, handler.EnvDestination: &h.Destination} {
		v, ok := os.LookupEnv(name)
		if !ok || (v == "" && name != handler.EnvPrefix) {
			return nil, fmt.Errorf("environment variable %s is not set", name)
		}
		*dst = v
	}
	for name, dst := range map[string]*int{handler.EnvMaxWidth: &h.Limits.MaxWidth, handler.EnvMaxHeight: &h.Limits.MaxHeight} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("environment variable %s=%q: %w", name, v, err)
			}
			*dst = n
		}
	}
	if err := h.Limits.Validate(); err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		return nil, err
	}
	h.Objects = s3.NewFromConfig(cfg)
	return h, nil
}
