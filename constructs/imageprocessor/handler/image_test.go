package handler

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// webp1x1 is a 1x1 lossless WebP (the Modernizr feature-test image).
const webp1x1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

func gen(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

func encPNG(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, gen(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encJPEG(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gen(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEXIF inserts an APP1 Exif segment after the SOI marker.
func withEXIF(j []byte) []byte {
	payload := []byte("Exif\x00\x00secret-gps-data")
	seg := append([]byte{0xff, 0xe1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, j[:2]...), seg...), j[2:]...)
}

func TestFit(t *testing.T) {
	for _, c := range []struct{ w, h, mw, mh, ww, wh int }{
		{100, 50, 200, 200, 100, 50},
		{2000, 1000, 1000, 1000, 1000, 500},
		{1000, 2000, 1000, 1000, 500, 1000},
		{4000, 10, 100, 100, 100, 1},
		{10, 4000, 100, 100, 1, 100},
		{300, 300, 100, 50, 50, 50},
	} {
		w, h := Fit(c.w, c.h, c.mw, c.mh)
		if w != c.ww || h != c.wh {
			t.Errorf("Fit(%d,%d,%d,%d) = %d,%d; want %d,%d", c.w, c.h, c.mw, c.mh, w, h, c.ww, c.wh)
		}
	}
}

func TestProcess(t *testing.T) {
	webp, _ := base64.StdEncoding.DecodeString(webp1x1)
	l := Limits{MaxBytes: 1 << 20, MaxPixels: 1_000_000, MaxWidth: 64, MaxHeight: 64, Quality: 80}
	for _, c := range []struct {
		name   string
		in     []byte
		ctype  string
		w, h   int
		reject string
	}{
		{"png scaled", encPNG(t, 200, 100), "image/png", 64, 32, ""},
		{"jpeg scaled", encJPEG(t, 100, 300), "image/jpeg", 21, 64, ""},
		{"small jpeg kept", encJPEG(t, 10, 10), "image/jpeg", 10, 10, ""},
		{"webp to png", webp, "image/png", 1, 1, ""},
		{"jpeg exif stripped", withEXIF(encJPEG(t, 20, 20)), "image/jpeg", 20, 20, ""},
		{"not an image", []byte("hello world, not an image"), "", 0, 0, "not a JPEG"},
		{"empty", nil, "", 0, 0, "not a JPEG"},
		{"truncated png", encPNG(t, 50, 50)[:60], "", 0, 0, "malformed png"},
		{"truncated jpeg", encJPEG(t, 50, 50)[:200], "", 0, 0, "malformed jpeg"},
		{"too many pixels", encPNG(t, 1001, 1000), "", 0, 0, "pixels"},
		{"too many bytes", append(encPNG(t, 10, 10), make([]byte, 1<<20)...), "", 0, 0, "bytes"},
		{"corrupt webp", append([]byte("RIFF\x10\x00\x00\x00WEBP"), "VP8 garbage"...), "", 0, 0, "malformed webp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Process(bytes.NewReader(c.in), l)
			if c.reject != "" {
				var rej *Rejected
				if !errors.As(err, &rej) || !strings.Contains(rej.Reason, c.reject) {
					t.Fatalf("err = %v; want rejection containing %q", err, c.reject)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.ContentType != c.ctype || res.Width != c.w || res.Height != c.h {
				t.Fatalf("got %s %dx%d; want %s %dx%d", res.ContentType, res.Width, res.Height, c.ctype, c.w, c.h)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(res.Body))
			if err != nil || cfg.Width != c.w || cfg.Height != c.h || "image/"+format != c.ctype {
				t.Fatalf("output decodes as %s %dx%d, %v", format, cfg.Width, cfg.Height, err)
			}
			if bytes.Contains(res.Body, []byte("Exif")) || bytes.Contains(res.Body, []byte("secret-gps")) {
				t.Fatal("metadata survived re-encoding")
			}
		})
	}
}

func TestLimitsValidate(t *testing.T) {
	if err := DefaultLimits.Validate(); err != nil {
		t.Fatal(err)
	}
	err := Limits{MaxWidth: 20000, Quality: 101}.Validate()
	for _, want := range []string{"MaxBytes 0", "MaxPixels 0", "MaxWidth 20000", "MaxHeight 0", "Quality 101"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want %q", err, want)
		}
	}
}

type fakeS3 struct {
	objects map[string][]byte // "bucket/key"
	fail    error
}

func (f *fakeS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	b, ok := f.objects[*in.Bucket+"/"+*in.Key]
	if !ok {
		return nil, errors.New("NoSuchKey")
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(b))}, nil
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	b, _ := io.ReadAll(in.Body)
	f.objects[*in.Bucket+"/"+*in.Key] = b
	return &s3.PutObjectOutput{}, nil
}

func record(bucket, key string, size int64) events.S3EventRecord {
	var r events.S3EventRecord
	r.S3.Bucket.Name, r.S3.Object.Key, r.S3.Object.Size = bucket, key, size
	return r
}

func TestHandle(t *testing.T) {
	var logs bytes.Buffer
	webp, _ := base64.StdEncoding.DecodeString(webp1x1)
	f := &fakeS3{objects: map[string][]byte{
		"up/uploads/a b.png":  encPNG(t, 300, 300),
		"up/uploads/c.webp":   webp,
		"up/uploads/bad.jpg":  []byte("nope"),
		"up/other/x.png":      encPNG(t, 5, 5),
		"up/uploads/note.txt": []byte("text"),
	}}
	h := &Handler{Objects: f, Source: "up", Prefix: "uploads/", Destination: "done", Limits: DefaultLimits,
		Log: slog.New(slog.NewJSONHandler(&logs, nil))}
	h.Limits.MaxWidth, h.Limits.MaxHeight = 100, 100
	ev := events.S3Event{Records: []events.S3EventRecord{
		record("up", "uploads/a+b.png", 10), record("up", "uploads/c.webp", 10), record("up", "uploads/bad.jpg", 4),
		record("up", "other/x.png", 10), record("up", "uploads/note.txt", 4), record("elsewhere", "uploads/a+b.png", 10),
		record("up", "uploads/huge.png", 1<<40),
	}}
	if err := h.Handle(context.Background(), ev); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if _, ok := f.objects["done/uploads/a b.png"]; !ok {
		t.Error("a b.png not processed")
	}
	if _, ok := f.objects["done/uploads/c.png"]; !ok {
		t.Error("c.webp not re-encoded as c.png")
	}
	for _, want := range []string{"not a JPEG", "outside s3://up/uploads/", `extension \".txt\"`, "more than 20971520 bytes"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
	if n := len(f.objects); n != 7 {
		t.Errorf("%d objects; want 7 (5 uploads, 2 outputs)", n)
	}

	f.fail = errors.New("AccessDenied")
	if err := h.Handle(context.Background(), events.S3Event{Records: []events.S3EventRecord{record("up", "uploads/a+b.png", 10)}}); err == nil {
		t.Error("an S3 error must fail the invocation (so it is retried and reaches the failure destination)")
	}
	h.Destination = "up"
	if err := h.Handle(context.Background(), ev); err == nil {
		t.Error("destination == source must be refused")
	}
}
