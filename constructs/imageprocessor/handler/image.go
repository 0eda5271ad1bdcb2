// Package handler is the image-processing Lambda function (guide 3.3): it
// reads an uploaded image, checks its size in bytes and pixels, decodes it
// (JPEG and PNG with the standard library, WebP with golang.org/x/image/webp,
// which decodes only), scales it to fit the configured maximum width and
// height keeping the aspect ratio, and re-encodes it. Re-encoding writes only
// pixels, so EXIF, XMP, ICC and text chunks of the upload are dropped: that
// is how metadata is stripped. JPEG stays JPEG and PNG stays PNG; WebP is
// re-encoded as PNG (lossless, keeps transparency) because the x/ library has
// no WebP encoder.
package handler

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Limits bounds what the function accepts and produces.
type Limits struct {
	MaxBytes  int64 // largest upload read, in bytes
	MaxPixels int64 // largest width*height decoded
	MaxWidth  int   // output fits in MaxWidth x MaxHeight
	MaxHeight int
	Quality   int // JPEG quality, 1..100
}

// DefaultLimits are 20 MiB, 40 megapixels, 1024x1024 output and JPEG quality 85.
var DefaultLimits = Limits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxWidth: 1024, MaxHeight: 1024, Quality: 85}

// Validate reports every out-of-range limit, one line each.
func (l Limits) Validate() error {
	var errs []error
	if l.MaxBytes <= 0 {
		errs = append(errs, fmt.Errorf("MaxBytes %d: must be > 0", l.MaxBytes))
	}
	if l.MaxPixels <= 0 {
		errs = append(errs, fmt.Errorf("MaxPixels %d: must be > 0", l.MaxPixels))
	}
	if l.MaxWidth <= 0 || l.MaxWidth > 10000 {
		errs = append(errs, fmt.Errorf("MaxWidth %d: must be 1..10000", l.MaxWidth))
	}
	if l.MaxHeight <= 0 || l.MaxHeight > 10000 {
		errs = append(errs, fmt.Errorf("MaxHeight %d: must be 1..10000", l.MaxHeight))
	}
	if l.Quality < 1 || l.Quality > 100 {
		errs = append(errs, fmt.Errorf("Quality %d: must be 1..100", l.Quality))
	}
	return errors.Join(errs...)
}

// Rejected is an input the function refuses for good: retrying cannot help,
// so the handler logs the reason and does not fail the invocation.
type Rejected struct{ Reason string }

func (r *Rejected) Error() string { return "rejected: " + r.Reason }

func reject(format string, a ...any) error { return &Rejected{Reason: fmt.Sprintf(format, a...)} }

// Result is a processed image.
type Result struct {
	Body          []byte
	ContentType   string
	Ext           string // extension of the output, with the dot
	Width, Height int
}

// Supported reports whether key ends in an extension the function handles
// (case-insensitive), matching the bucket notification's suffix filters.
func Supported(key string) bool {
	switch strings.ToLower(path.Ext(key)) {
	case ".jpg", ".jpeg", ".png", ".webp":
		return true
	}
	return false
}

// Process reads at most l.MaxBytes+1 bytes of r, refuses larger, undecodable
// or too many pixels, and returns the scaled, re-encoded image.
func Process(r io.Reader, l Limits) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, l.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if int64(len(data)) > l.MaxBytes {
		return nil, reject("larger than %d bytes", l.MaxBytes)
	}
	format := sniff(data)
	if format == "" {
		return nil, reject("not a JPEG, PNG or WebP image")
	}
	cfg, err := decodeConfig(format, data)
	if err != nil {
		return nil, reject("malformed %s header: %v", format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, reject("%s has no pixels (%dx%d)", format, cfg.Width, cfg.Height)
	}
	// Check pixels from the header before decoding, so a small file declaring
	// a huge image (a decompression bomb) is never allocated.
	if int64(cfg.Width)*int64(cfg.Height) > l.MaxPixels {
		return nil, reject("%dx%d is more than %d pixels", cfg.Width, cfg.Height, l.MaxPixels)
	}
	src, err := decode(format, data)
	if err != nil {
		return nil, reject("malformed %s: %v", format, err)
	}
	w, h := Fit(src.Bounds().Dx(), src.Bounds().Dy(), l.MaxWidth, l.MaxHeight)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)

	var buf bytes.Buffer
	res := &Result{Width: w, Height: h}
	if format == "jpeg" {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: l.Quality})
		res.ContentType, res.Ext = "image/jpeg", ".jpg"
	} else { // png, and webp re-encoded as png
		err = png.Encode(&buf, dst)
		res.ContentType, res.Ext = "image/png", ".png"
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", res.ContentType, err)
	}
	res.Body = buf.Bytes()
	return res, nil
}

// Fit returns the largest size within maxW x maxH with the aspect ratio of
// w x h, never enlarging and never below 1 pixel.
func Fit(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	// Compare w/maxW with h/maxH without floating point.
	if int64(w)*int64(maxH) >= int64(h)*int64(maxW) {
		return maxW, max(1, int(int64(h)*int64(maxW)/int64(w)))
	}
	return max(1, int(int64(w)*int64(maxH)/int64(h))), maxH
}

// sniff names the format from the magic bytes, not from the key's extension.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	}
	return ""
}

func decodeConfig(format string, b []byte) (image.Config, error) {
	r := bytes.NewReader(b)
	switch format {
	case "jpeg":
		return jpeg.DecodeConfig(r)
	case "png":
		return png.DecodeConfig(r)
	default:
		return webp.DecodeConfig(r)
	}
}

func decode(format string, b []byte) (img image.Image, err error) {
	// A decoder bug must not crash the function: turn a panic into a rejection.
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("decoder panic: %v", p)
		}
	}()
	r := bytes.NewReader(b)
	switch format {
	case "jpeg":
		return jpeg.Decode(r)
	case "png":
		return png.Decode(r)
	default:
		return webp.Decode(r)
	}
}

// Environment variables the function reads.
const (
	EnvSource      = "SOURCE_BUCKET"
	EnvPrefix      = "SOURCE_PREFIX"
	EnvDestination = "DESTINATION_BUCKET"
	EnvMaxWidth    = "MAX_WIDTH"
	EnvMaxHeight   = "MAX_HEIGHT"
)
