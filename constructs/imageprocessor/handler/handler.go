package handler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Objects is the part of the S3 client the handler uses.
type Objects interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// Handler processes S3 ObjectCreated events.
type Handler struct {
	Objects Objects
	// Source is the uploads bucket and Prefix the key prefix the function may
	// read; records for other buckets or keys are refused.
	Source, Prefix string
	// Destination is the processed-images bucket. It must differ from Source,
	// so the function's own writes never trigger it again (no recursion).
	Destination string
	Limits      Limits
	Log         *slog.Logger
}

// Handle processes every record. A rejected image is logged and skipped;
// an AWS error fails the invocation so Lambda retries it and, after the
// retries, sends it to the on-failure destination.
func (h *Handler) Handle(ctx context.Context, ev events.S3Event) error {
	if h.Source == h.Destination {
		return fmt.Errorf("destination bucket %q is the source bucket: refusing (recursion)", h.Destination)
	}
	var errs []error
	for _, rec := range ev.Records {
		if err := h.one(ctx, rec); err != nil {
			var rej *Rejected
			if errors.As(err, &rej) {
				h.Log.Warn("image rejected", "bucket", rec.S3.Bucket.Name, "key", rec.S3.Object.Key, "reason", rej.Reason)
				continue
			}
			h.Log.Error("image failed", "bucket", rec.S3.Bucket.Name, "key", rec.S3.Object.Key, "error", err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (h *Handler) one(ctx context.Context, rec events.S3EventRecord) error {
	// Keys in S3 event notifications are URL-encoded (spaces as '+').
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
	key, err := url.QueryUnescape(rec.S3.Object.Key)
	if err != nil {
		return reject("key %q is not URL-encoded: %v", rec.S3.Object.Key, err)
	}
	if rec.S3.Bucket.Name != h.Source || !strings.HasPrefix(key, h.Prefix) {
		return reject("s3://%s/%s is outside s3://%s/%s", rec.S3.Bucket.Name, key, h.Source, h.Prefix)
	}
	if !Supported(key) {
		return reject("extension %q not handled", path.Ext(key))
	}
	if rec.S3.Object.Size > h.Limits.MaxBytes {
		return reject("size %d is more than %d bytes", rec.S3.Object.Size, h.Limits.MaxBytes)
	}
	obj, err := h.Objects.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(h.Source), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("get s3://%s/%s: %w", h.Source, key, err)
	}
	defer obj.Body.Close()
	res, err := Process(obj.Body, h.Limits)
	if err != nil {
		return err
	}
	out := strings.TrimSuffix(key, path.Ext(key)) + res.Ext
	// No SSE arguments: the processed bucket's default encryption (its CMK,
	// bucket key on) applies, so the function needs kms:GenerateDataKey only
	// via S3.
	_, err = h.Objects.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(h.Destination),
		Key:         aws.String(out),
		Body:        bytes.NewReader(res.Body),
		ContentType: aws.String(res.ContentType),
	})
	if err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", h.Destination, out, err)
	}
	h.Log.Info("image processed", "key", key, "output", out, "width", res.Width, "height", res.Height)
	return nil
}
