package ec2tier

import "fmt"

// nginxBoot installs nginx from the Amazon Linux 2023 repositories (reached
// through the S3 gateway endpoint, whose policy admits the AL2023
// repository buckets) and starts it with conf as its whole configuration.
func nginxBoot(conf string) string {
	return `#!/bin/bash
set -euo pipefail
dnf install -y nginx
cat > /etc/nginx/nginx.conf <<'CONF'
` + conf + `CONF
nginx -t
systemctl enable --now nginx
`
}

const nginxHead = `user nginx;
worker_processes auto;
error_log /var/log/nginx/error.log notice;
pid /run/nginx.pid;
events { worker_connections 1024; }
http {
    server_tokens off;
    access_log /var/log/nginx/access.log;
    default_type application/octet-stream;
`

// Health check paths of the web servers.
const (
	// HealthPath is answered by nginx itself: the public load balancer's
	// target group checks it, so that a web server is judged (and
	// replaced) on its own, not when the app tier is down.
	HealthPath = "/health"
	// AppHealthPath is proxied to the app tier's HealthPath through its
	// internal load balancer: it answers 2xx only while the whole path
	// (public load balancer, a web server, the internal load balancer, an
	// app target) works, so an end-to-end check such as Route 53's sees an
	// app outage (the internal load balancer answers 503 without healthy
	// targets; nginx answers 502 or 504 when it cannot reach it).
	AppHealthPath = "/health/app"
)

// WebServerUserData is the web tier's boot script: nginx answers HealthPath
// itself, proxies AppHealthPath to the app tier's /health, and proxies
// everything else over HTTPS to the app tier's internal load balancer at
// appHost, verifying its certificate. The name is resolved again every 30
// seconds through the VPC resolver, since a load balancer's addresses
// change.
func WebServerUserData(port int, appHost string) string {
	return nginxBoot(nginxHead + fmt.Sprintf(`    resolver 169.254.169.253 valid=30s;
    server {
        listen %d default_server;
        location = %s {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }
        # Route 53 counts a check healthy only with a 2xx or 3xx status
        # within two seconds of connecting (Route 53 Developer Guide, "How
        # Amazon Route 53 determines whether a health check is healthy"):
        # give up on the app tier as soon, so that a hung app answers 504.
        location = %s {
            access_log off;
            set $app https://%s;
            proxy_pass $app%s;
            proxy_ssl_server_name on;
            proxy_ssl_name %s;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate /etc/pki/tls/certs/ca-bundle.crt;
            proxy_connect_timeout 2s;
            proxy_send_timeout 2s;
            proxy_read_timeout 2s;
        }
        location / {
            set $app https://%s;
            proxy_pass $app;
            proxy_ssl_server_name on;
            proxy_ssl_name %s;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate /etc/pki/tls/certs/ca-bundle.crt;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }
    }
}
`, port, HealthPath, AppHealthPath, appHost, HealthPath, appHost, appHost, appHost))
}

// AppServerUserData is the EC2 app tier's boot script: a placeholder
// application on port that answers /health and a JSON greeting, until the
// real application is deployed onto the instances (by a pipeline, or a new
// launch template version with its own user data).
func AppServerUserData(port int) string {
	return nginxBoot(nginxHead + fmt.Sprintf(`    server {
        listen %d default_server;
        location = /health {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }
        location / {
            default_type application/json;
            return 200 '{"service":"app","status":"placeholder"}\n';
        }
    }
}
`, port))
}
