package dnsname

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChecks(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) error
		in    string
		ok    bool
	}{
		{"domain", CheckDomain, "shop.acme.example", true},
		{"single label", CheckDomain, "localhost", false},
		{"upper case", CheckDomain, "Shop.example.com", false},
		{"trailing dot", CheckDomain, "example.com.", false},
		{"hyphen edge", CheckDomain, "-a.example.com", false},
		{"empty", CheckDomain, "", false},
		{"zone id", CheckHostedZoneID, "Z0123456789ABCDEFGHIJ", true},
		{"zone id prefix", CheckHostedZoneID, "/hostedzone/Z0123", false},
		{"zone name", CheckZoneName, "acme.example", true},
		{"zone name empty", CheckZoneName, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check(tt.in)
			assert.Equal(t, tt.ok, err == nil, "%q: %v", tt.in, err)
		})
	}
}

func TestInZone(t *testing.T) {
	assert.True(t, InZone("shop.acme.example", "acme.example"))
	assert.True(t, InZone("acme.example", "acme.example"))
	assert.False(t, InZone("shop.acme.example2", "acme.example"))
	assert.False(t, InZone("xacme.example", "acme.example"))
}
