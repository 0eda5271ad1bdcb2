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

// WebServerUserData is the web tier's boot script: nginx answers /health
// itself (the public load balancer's health check, so that a web server is
// judged on its own) and proxies everything else over HTTPS to the app
// tier's internal load balancer at appHost, verifying its certificate. The
// name is resolved again every 30 seconds through the VPC resolver, since a
// load balancer's addresses change.
func WebServerUserData(port int, appHost string) string {
	return nginxBoot(nginxHead + fmt.Sprintf(`    resolver 169.254.169.253 valid=30s;
    server {
        listen %d default_server;
        location = /health {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
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
`, port, appHost, appHost))
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
