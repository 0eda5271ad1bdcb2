package ec2tier

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckInstanceType(t *testing.T) {
	for in, ok := range map[string]bool{
		"t3.medium": true, "m5.large": true, "t3.micro": true, "c7i.48xlarge": true,
		"m5.medium": false, "t3.9xlarge": false, "t4g.micro": false, "m5": false, "": false, "x9.large": false,
	} {
		err := CheckInstanceType(in)
		assert.Equal(t, ok, err == nil, "%q: %v", in, err)
	}
}

func TestCapacity(t *testing.T) {
	tests := []struct {
		c  Capacity
		ok bool
	}{
		{Capacity{1, 1, 2}, true},
		{Capacity{2, 3, 6}, true},
		{Capacity{0, 0, 1}, true},
		{Capacity{2, 1, 3}, false},
		{Capacity{1, 4, 3}, false},
		{Capacity{-1, 0, 1}, false},
		{Capacity{0, 0, 0}, false},
	}
	for _, tt := range tests {
		err := tt.c.Check()
		assert.Equal(t, tt.ok, err == nil, "%+v: %v", tt.c, err)
	}
}

func TestUserData(t *testing.T) {
	web := WebServerUserData(80, "app-internal.shop.acme.example")
	assert.Contains(t, web, "#!/bin/bash\nset -euo pipefail\ndnf install -y nginx\n")
	assert.Contains(t, web, "listen 80 default_server;")
	assert.Contains(t, web, "location = /health {")
	assert.Contains(t, web, "set $app https://app-internal.shop.acme.example;")
	assert.Contains(t, web, "proxy_ssl_verify on;")
	// The deep check: proxied to the app tier's /health through the
	// internal load balancer, with timeouts inside Route 53's two seconds.
	at := strings.Index(web, "location = /health/app {")
	require.NotEqual(t, -1, at)
	deep := web[at:]
	deep = deep[:strings.Index(deep, "}")]
	assert.Contains(t, deep, "set $app https://app-internal.shop.acme.example;")
	assert.Contains(t, deep, "proxy_pass $app/health;")
	assert.Contains(t, deep, "proxy_ssl_name app-internal.shop.acme.example;")
	assert.Contains(t, deep, "proxy_ssl_verify on;")
	assert.Contains(t, deep, "proxy_read_timeout 2s;")
	assert.NotContains(t, deep, "return 200")
	assert.Contains(t, web, "\nCONF\nnginx -t\nsystemctl enable --now nginx\n")
	assert.Less(t, len(web), 16*1024)
	app := AppServerUserData(8080, AppBoot{})
	assert.Contains(t, app, "listen 8080 default_server;")
}
