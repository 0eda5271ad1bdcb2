package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestDNS(t *testing.T) {
	tests := []struct {
		name string
		dns  *DNS
		want string
	}{
		{"zone of the sender domain", &DNS{ZoneID: "Z0123456789ABCDEFGHIJ", ZoneName: "shop.acme.example"}, ""},
		{"parent zone", &DNS{ZoneID: "Z0123456789ABCDEFGHIJ", ZoneName: "acme.example"}, ""},
		{"zone id with prefix", &DNS{ZoneID: "/hostedzone/Z0123", ZoneName: "acme.example"}, `environments[prod].dns.zone_id "/hostedzone/Z0123": not a Route 53 hosted zone id`},
		{"trailing dot", &DNS{ZoneID: "Z0123", ZoneName: "acme.example."}, `environments[prod].dns.zone_name "acme.example.": not a domain name like example.com`},
		{"no zone name", &DNS{ZoneID: "Z0123"}, `environments[prod].dns.zone_name "": is required with the zone id`},
		{"sender elsewhere", &DNS{ZoneID: "Z0123", ZoneName: "other.example"}, `environments[prod].orders.sender_domain "shop.acme.example": must be the dns zone other.example or a name below it`},
		{"look-alike zone", &DNS{ZoneID: "Z0123", ZoneName: "acme.example2"}, `environments[prod].orders.sender_domain "shop.acme.example": must be the dns zone acme.example2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			o.Environments[2].DNS = tt.dns
			o.Environments[2].Web = nil // TestWeb checks the web domain against the zone
			o.Environments[2].Images, o.Environments[2].Files, o.Environments[2].Secrets = nil, nil, nil
			err := o.Validate("org.yaml")
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "org.yaml: "+tt.want)
			assert.Len(t, strings.Split(err.Error(), "\n"), 1, "one problem, one line: %v", err)
		})
	}
}

func TestDNSFromFile(t *testing.T) {
	o := Example()
	data, err := yaml.Marshal(o)
	require.NoError(t, err)
	doc := strings.Replace(string(data), "      dns:\n        zone_id: Z0PROD0000000000000001\n        zone_name: shop.acme.example", "      dns:\n        zone_id: Z0123456789ABCDEFGHIJ\n        zone_name: acme.example", 1)
	require.NotEqual(t, string(data), doc, "the example's prod dns block moved; update the test")
	parsed, err := Parse("org.yaml", []byte(doc))
	require.NoError(t, err)
	prod, _ := parsed.Environment("prod")
	assert.Equal(t, &DNS{ZoneID: "Z0123456789ABCDEFGHIJ", ZoneName: "acme.example"}, prod.DNS)
}
