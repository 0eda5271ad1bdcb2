package imageprocessor

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// TestMain closes the jsii runtime that importing the CDKTF bindings starts
// (their package init registers types with it), which removes the runtime's
// temporary folder; otherwise every test run leaves one behind.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
