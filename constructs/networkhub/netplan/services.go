package netplan

import (
	"fmt"
	"sort"
)

// Service is an AWS service reachable through an interface VPC endpoint,
// named as in its endpoint service name com.amazonaws.<region>.<service>.
type Service string

// Interface endpoint services commonly needed by workloads in private
// subnets.
const (
	SecretsManager       Service = "secretsmanager"
	SSM                  Service = "ssm"
	SSMMessages          Service = "ssmmessages"
	EC2Messages          Service = "ec2messages"
	KMS                  Service = "kms"
	Logs                 Service = "logs"
	Monitoring           Service = "monitoring"
	STS                  Service = "sts"
	ECRAPI               Service = "ecr.api"
	ECRDocker            Service = "ecr.dkr"
	ECS                  Service = "ecs"
	ECSAgent             Service = "ecs-agent"
	ECSTelemetry         Service = "ecs-telemetry"
	SQS                  Service = "sqs"
	SNS                  Service = "sns"
	Lambda               Service = "lambda"
	Events               Service = "events"
	States               Service = "states"
	XRay                 Service = "xray"
	EC2                  Service = "ec2"
	ElasticLoadBalancing Service = "elasticloadbalancing"
	RDS                  Service = "rds"
	ElastiCache          Service = "elasticache"
	ExecuteAPI           Service = "execute-api"
	Autoscaling          Service = "autoscaling"
	AppAutoscaling       Service = "application-autoscaling"
)

// Gateway endpoint services. Gateway endpoints are free and add routes
// instead of network interfaces.
const (
	GatewayS3       Service = "s3"
	GatewayDynamoDB Service = "dynamodb"
)

// iamPrefix maps each interface service to the prefix of the IAM actions
// its endpoint carries, which endpoint policies name.
var iamPrefix = map[Service]string{
	SecretsManager:       "secretsmanager",
	SSM:                  "ssm",
	SSMMessages:          "ssmmessages",
	EC2Messages:          "ec2messages",
	KMS:                  "kms",
	Logs:                 "logs",
	Monitoring:           "cloudwatch",
	STS:                  "sts",
	ECRAPI:               "ecr",
	ECRDocker:            "ecr",
	ECS:                  "ecs",
	ECSAgent:             "ecs",
	ECSTelemetry:         "ecs",
	SQS:                  "sqs",
	SNS:                  "sns",
	Lambda:               "lambda",
	Events:               "events",
	States:               "states",
	XRay:                 "xray",
	EC2:                  "ec2",
	ElasticLoadBalancing: "elasticloadbalancing",
	RDS:                  "rds",
	ElastiCache:          "elasticache",
	ExecuteAPI:           "execute-api",
	Autoscaling:          "autoscaling",
	AppAutoscaling:       "application-autoscaling",
	GatewayS3:            "s3",
	GatewayDynamoDB:      "dynamodb",
}

// InterfaceServices lists the services that Interface endpoints are offered
// for, sorted.
func InterfaceServices() []Service {
	out := make([]Service, 0, len(iamPrefix))
	for s := range iamPrefix {
		if s != GatewayS3 && s != GatewayDynamoDB {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// CheckInterface reports whether s is a known interface endpoint service.
func (s Service) CheckInterface() error {
	if _, ok := iamPrefix[s]; !ok || s == GatewayS3 || s == GatewayDynamoDB {
		return fmt.Errorf("interface endpoint %q: unknown service; known: %q", string(s), InterfaceServices())
	}
	return nil
}

// IAMPrefix is the prefix of the IAM actions that go through the service's
// endpoint, such as "ecr" for ecr.api.
func (s Service) IAMPrefix() string { return iamPrefix[s] }

// EndpointName is the endpoint service name in region, such as
// com.amazonaws.us-east-1.kms.
func (s Service) EndpointName(region string) string {
	return "com.amazonaws." + region + "." + string(s)
}
