// Package fargateservice provides the app tier of the web application on
// ECS Fargate (architecture guide 3.4): an ECR repository, a cluster with
// Container Insights, a task definition that runs one hardened container,
// a service behind the internal load balancer that rolls back failed
// deployments, and CPU autoscaling.
//
// Two roles, as ECS separates them: the execution role lets the ECS agent
// pull the image, write the logs and read exactly the named secrets; the
// task role is the application's own and starts empty, for the caller to
// grant (a bucket prefix, elasticache:Connect).
package fargateservice

import (
	"encoding/json"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/appautoscalingpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/appautoscalingtarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ecrlifecyclepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ecrrepository"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ecscluster"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ecsservice"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ecstaskdefinition"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/tags"
)

// Service is the result of New.
type Service struct {
	// ClusterName and ServiceName are the ECS names (plain).
	ClusterName, ServiceName string
	// TaskRole is the application's role: grant it what the application
	// calls (securebucket's GrantWrite, sessionstore's ConnectStatements).
	TaskRole *iamrole.Role
	// TaskRoleARN is TaskRole's ARN.
	TaskRoleARN *string
	// ExecutionRole is the ECS agent's role.
	ExecutionRole *iamrole.Role
	// RepositoryURL is the ECR repository's URL (plain), to push images to.
	RepositoryURL *string
	// RepositoryARN is the repository's ARN (plain).
	RepositoryARN string
	// LogGroup receives the container's output.
	LogGroup *loggroup.LogGroup
	// Key encrypts the repository and the log group.
	Key *kmskey.Key
	// Resource is the ECS service, for depends_on.
	Resource cdktf.ITerraformDependable
}

// New validates props in plain Go first, so that bad input returns an error
// (one line per problem) before any resource exists, then builds the
// service.
func New(scope constructs.Construct, id string, props Props) (*Service, error) {
	p := props
	if err := p.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("fargateservice %s: %w", id, err)
	}
	fail := func(err error) (*Service, error) { return nil, fmt.Errorf("fargateservice %s: %w", id, err) }
	tg := tags.Ptrs(p.Tags)

	key, err := kmskey.Use(scope, id+"-key", p.Key, kmskey.Props{
		Alias:       "ecs/" + p.Name,
		Description: "Encrypts the image repository and logs of ECS service " + p.Name,
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
		Tags:        p.Tags,
	})
	if err != nil {
		return fail(err)
	}

	// ECR (guide 3.4): scan on push, immutable tags, the customer-managed
	// key. ECR grants itself the key's use when the repository is made
	// (Amazon ECR User Guide, "Encryption at rest"); the encryption
	// settings are fixed at creation (provider: ForceNew).
	repoARN := env.ARN("ecr", "repository/"+p.Name)
	repoURL := fmt.Sprintf("%s.dkr.ecr.%s.%s/%s", env.AccountID, env.Region, env.DNSSuffix(), p.Name)
	repo := ecrrepository.NewEcrRepository(scope, jsii.String(id+"-repository"), &ecrrepository.EcrRepositoryConfig{
		Name:                       jsii.String(p.Name),
		ImageTagMutability:         jsii.String("IMMUTABLE"),
		ImageScanningConfiguration: &ecrrepository.EcrRepositoryImageScanningConfiguration{ScanOnPush: jsii.Bool(true)},
		EncryptionConfiguration: []*ecrrepository.EcrRepositoryEncryptionConfiguration{{
			EncryptionType: jsii.String("KMS"),
			KmsKey:         key.ARN,
		}},
		Tags: tg,
	})
	ecrlifecyclepolicy.NewEcrLifecyclePolicy(scope, jsii.String(id+"-repository-lifecycle"), &ecrlifecyclepolicy.EcrLifecyclePolicyConfig{
		Repository: repo.Name(),
		Policy:     jsii.String(lifecyclePolicy()),
	})

	logs, err := loggroup.New(scope, id+"-logs", loggroup.Props{
		Name:          "/ecs/" + p.Name,
		Key:           key,
		RetentionDays: p.LogRetentionDays,
		Tags:          p.Tags,
	})
	if err != nil {
		return fail(err)
	}

	image := p.Image
	pullFrom := ""
	if image == "" {
		image = repoURL + ":" + p.ImageTag
		pullFrom = repoARN
	}
	exec, err := iamrole.New(scope, id+"-execution-role", iamrole.Props{
		Name:        p.Name + "-execution",
		Description: "ECS agent of service " + p.Name + ": pulls the image, writes logs, reads the named secrets",
		Trust:       iamrole.ServiceTrust("ecs-tasks.amazonaws.com", env.AccountID),
		Policies:    map[string]iampolicy.Document{"start-task": {Statements: p.executionStatements(env, pullFrom, env.ARN("logs", "log-group:"+logs.Name))}},
		Tags:        p.Tags,
	})
	if err != nil {
		return fail(err)
	}
	task := p.TaskRole
	if task == nil {
		if task, err = NewTaskRole(scope, id, p.Name, p.Tags); err != nil {
			return fail(err)
		}
	}
	if p.EnableExecuteCommand {
		// ECS Exec talks to Session Manager from inside the task; these
		// actions take no resource (Amazon ECS Developer Guide, "Monitor
		// Amazon ECS containers with ECS Exec", IAM permissions).
		if err := task.AddPolicy("ecs-exec", iampolicy.Document{Statements: []iampolicy.Statement{{
			Sid: "ECSExec", Effect: iampolicy.Allow, Resources: []string{"*"},
			Actions: []string{"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"},
		}}}); err != nil {
			return fail(err)
		}
	}

	cluster := ecscluster.NewEcsCluster(scope, jsii.String(id+"-cluster"), &ecscluster.EcsClusterConfig{
		Name: jsii.String(p.Name),
		// Guide 3.4: Container Insights.
		Setting: []*ecscluster.EcsClusterSetting{{Name: jsii.String("containerInsights"), Value: jsii.String("enabled")}},
		Tags:    tg,
	})

	volumes := []*ecstaskdefinition.EcsTaskDefinitionVolume{{Name: jsii.String(tmpVolume)}}
	if v := p.Share; v != nil {
		// Through the access point, with TLS and the task role: IAM
		// authorization and an access point both need transit encryption,
		// and with an access point the root directory must be "/" (the
		// access point's own root applies) (Amazon ECS API Reference,
		// EFSVolumeConfiguration and EFSAuthorizationConfig). root_directory
		// and transit_encryption_port are the provider's defaults ("/" and
		// 0, internal/service/ecs/task_definition.go), written or left as
		// the provider reads them back; the volume is ForceNew there, like
		// every task definition argument. Fargate mounts EFS from platform
		// version 1.4.0, which is LATEST, the default this service keeps
		// (Amazon ECS Developer Guide, "Fargate Linux platform versions").
		volumes = append(volumes, &ecstaskdefinition.EcsTaskDefinitionVolume{
			Name: jsii.String(shareVolume),
			EfsVolumeConfiguration: &ecstaskdefinition.EcsTaskDefinitionVolumeEfsVolumeConfiguration{
				FileSystemId:      v.FileSystemID,
				RootDirectory:     jsii.String("/"),
				TransitEncryption: jsii.String("ENABLED"),
				AuthorizationConfig: &ecstaskdefinition.EcsTaskDefinitionVolumeEfsVolumeConfigurationAuthorizationConfig{
					AccessPointId: v.AccessPointID,
					Iam:           jsii.String("ENABLED"),
				},
			},
		})
	}
	td := ecstaskdefinition.NewEcsTaskDefinition(scope, jsii.String(id+"-task"), &ecstaskdefinition.EcsTaskDefinitionConfig{
		Family:                  jsii.String(p.Name),
		RequiresCompatibilities: jsii.Strings("FARGATE"),
		NetworkMode:             jsii.String("awsvpc"),
		Cpu:                     jsii.String(fmt.Sprint(p.CPU)),
		Memory:                  jsii.String(fmt.Sprint(p.MemoryMiB)),
		ExecutionRoleArn:        exec.ARN,
		TaskRoleArn:             task.ARN,
		RuntimePlatform: &ecstaskdefinition.EcsTaskDefinitionRuntimePlatform{
			OperatingSystemFamily: jsii.String("LINUX"),
			CpuArchitecture:       jsii.String("X86_64"),
		},
		Volume:               volumes,
		ContainerDefinitions: jsii.String(p.containerDefinitions(env, image, logs.Name)),
		Tags:                 tg,
		// The agent needs its permissions and the log group the moment
		// the first task starts.
		DependsOn: &[]cdktf.ITerraformDependable{logs.Resource},
	})

	deps := append(append([]cdktf.ITerraformDependable(nil), *exec.Ready()...), p.LoadBalancerReady...)
	if p.Share != nil {
		deps = append(deps, p.Share.Ready...)
	}
	svc := ecsservice.NewEcsService(scope, jsii.String(id+"-service"), &ecsservice.EcsServiceConfig{
		Name:           jsii.String(p.Name),
		Cluster:        cluster.Arn(),
		TaskDefinition: td.Arn(),
		LaunchType:     jsii.String("FARGATE"),
		// Autoscaling owns the count after the first apply (ignore_changes
		// below); MinTasks is where it starts.
		DesiredCount: jsii.Number(p.MinTasks),
		NetworkConfiguration: &ecsservice.EcsServiceNetworkConfiguration{
			Subnets:        &p.SubnetIDs,
			SecurityGroups: &[]*string{p.SecurityGroupID},
			AssignPublicIp: jsii.Bool(false),
		},
		LoadBalancer: []*ecsservice.EcsServiceLoadBalancer{{
			TargetGroupArn: p.TargetGroupARN,
			ContainerName:  jsii.String(ContainerName),
			ContainerPort:  jsii.Number(p.ContainerPort),
		}},
		// Guide 3.4: the deployment circuit breaker rolls a failed
		// deployment back to the last one that reached steady state.
		DeploymentCircuitBreaker:        &ecsservice.EcsServiceDeploymentCircuitBreaker{Enable: jsii.Bool(true), Rollback: jsii.Bool(true)},
		DeploymentMinimumHealthyPercent: jsii.Number(100),
		DeploymentMaximumPercent:        jsii.Number(200),
		// The container's start period plus a margin, so that the load
		// balancer's checks do not kill tasks still starting.
		HealthCheckGracePeriodSeconds: jsii.Number(90),
		EnableEcsManagedTags:          jsii.Bool(true),
		PropagateTags:                 jsii.String("SERVICE"),
		EnableExecuteCommand:          jsii.Bool(p.EnableExecuteCommand),
		Tags:                          tg,
		Lifecycle: &cdktf.TerraformResourceLifecycle{
			IgnoreChanges: &[]*string{jsii.String("desired_count")},
		},
		DependsOn: &deps,
	})

	// CPU target tracking between MinTasks and MaxTasks (guide 3.4). The
	// resource id names the cluster and service in plain Go; depends_on
	// orders it after the service.
	target := appautoscalingtarget.NewAppautoscalingTarget(scope, jsii.String(id+"-scaling"), &appautoscalingtarget.AppautoscalingTargetConfig{
		ServiceNamespace:  jsii.String("ecs"),
		ScalableDimension: jsii.String("ecs:service:DesiredCount"),
		ResourceId:        jsii.String(fmt.Sprintf("service/%s/%s", p.Name, p.Name)),
		MinCapacity:       jsii.Number(p.MinTasks),
		MaxCapacity:       jsii.Number(p.MaxTasks),
		Tags:              tg,
		DependsOn:         &[]cdktf.ITerraformDependable{svc},
	})
	appautoscalingpolicy.NewAppautoscalingPolicy(scope, jsii.String(id+"-scaling-cpu"), &appautoscalingpolicy.AppautoscalingPolicyConfig{
		Name:              jsii.String(p.Name + "-cpu"),
		PolicyType:        jsii.String("TargetTrackingScaling"),
		ServiceNamespace:  jsii.String("ecs"),
		ScalableDimension: jsii.String("ecs:service:DesiredCount"),
		ResourceId:        jsii.String(fmt.Sprintf("service/%s/%s", p.Name, p.Name)),
		TargetTrackingScalingPolicyConfiguration: &appautoscalingpolicy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration{
			TargetValue: jsii.Number(p.TargetCPUPercent),
			PredefinedMetricSpecification: &appautoscalingpolicy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification{
				PredefinedMetricType: jsii.String("ECSServiceAverageCPUUtilization"),
			},
			ScaleInCooldown:  jsii.Number(300),
			ScaleOutCooldown: jsii.Number(60),
		},
		DependsOn: &[]cdktf.ITerraformDependable{target},
	})

	if t := p.AlarmTopic; t != nil {
		actions := &[]*string{t.Ref}
		for _, a := range p.alarms() {
			cloudwatchmetricalarm.NewCloudwatchMetricAlarm(scope, jsii.String(id+"-alarm-"+a.suffix), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
				AlarmName:          jsii.String(p.Name + "-" + a.suffix),
				AlarmDescription:   jsii.String(a.description),
				Namespace:          jsii.String(a.namespace),
				MetricName:         jsii.String(a.metric),
				Statistic:          jsii.String(a.statistic),
				ComparisonOperator: jsii.String(a.comparison),
				Threshold:          jsii.Number(a.threshold),
				Period:             jsii.Number(300),
				EvaluationPeriods:  jsii.Number(3),
				DatapointsToAlarm:  jsii.Number(3),
				TreatMissingData:   jsii.String(a.missing),
				Dimensions:         &map[string]*string{"ClusterName": jsii.String(p.Name), "ServiceName": jsii.String(p.Name)},
				AlarmActions:       actions,
				OkActions:          actions,
				Tags:               tg,
				DependsOn:          &[]cdktf.ITerraformDependable{svc},
			})
		}
	}

	return &Service{
		ClusterName:   p.Name,
		ServiceName:   p.Name,
		TaskRole:      task,
		TaskRoleARN:   task.ARN,
		ExecutionRole: exec,
		RepositoryURL: jsii.String(repoURL),
		RepositoryARN: repoARN,
		LogGroup:      logs,
		Key:           key,
		Resource:      svc,
	}, nil
}

// NewTaskRole makes the task role New makes for a service called name (its
// Props.Name) with id, trusted by the account's ECS tasks only
// (aws:SourceAccount; Amazon ECS Developer Guide, "Amazon ECS task IAM
// role", confused deputy): for callers that need the role before the
// service (Props.TaskRole).
func NewTaskRole(scope constructs.Construct, id, name string, tags map[string]string) (*iamrole.Role, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("fargateservice %s: %w", id, err)
	}
	return iamrole.New(scope, id+"-task-role", iamrole.Props{
		Name:        name + "-task",
		Description: "Application of ECS service " + name,
		Trust:       iamrole.ServiceTrust("ecs-tasks.amazonaws.com", env.AccountID),
		Tags:        tags,
	})
}

// alarm is one CloudWatch alarm on the service.
type alarm struct {
	suffix, description          string
	namespace, metric, statistic string
	comparison, missing          string
	threshold                    float64
}

func (p *Props) alarms() []alarm {
	return []alarm{
		{"cpu-high", "Tasks of " + p.Name + " average over 85% CPU for 15 minutes while scaling out", "AWS/ECS", "CPUUtilization", "Average", "GreaterThanThreshold", "missing", 85},
		{"memory-high", "Tasks of " + p.Name + " average over 85% memory for 15 minutes", "AWS/ECS", "MemoryUtilization", "Average", "GreaterThanThreshold", "missing", 85},
		// Container Insights' task count: fewer than the floor means
		// tasks fail to start or keep failing their health checks.
		{"tasks-low", "Fewer than " + fmt.Sprint(p.MinTasks) + " tasks of " + p.Name + " running for 15 minutes", "ECS/ContainerInsights", "RunningTaskCount", "Minimum", "LessThanThreshold", "breaching", float64(p.MinTasks)},
	}
}

// lifecyclePolicy keeps the last 30 tagged images and expires untagged
// ones (layers of pushes that were retagged or failed) after 14 days.
func lifecyclePolicy() string {
	out, _ := json.Marshal(map[string]any{"rules": []map[string]any{
		{
			"rulePriority": 1, "description": "Expire untagged images after 14 days",
			"selection": map[string]any{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
			"action":    map[string]string{"type": "expire"},
		},
		{
			"rulePriority": 2, "description": "Keep the last 30 images",
			"selection": map[string]any{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30},
			"action":    map[string]string{"type": "expire"},
		},
	}})
	return string(out)
}
