package auroracluster

import (
	"fmt"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/appautoscalingpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/appautoscalingtarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbparametergroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdscluster"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdsclusterparametergroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// checkZones checks that the zones belong to the stack's region, once the
// region is known and before anything is created. Zones that are tokens
// (the subnets' availability_zone attributes, the usual case) are known
// only after apply and pass.
func checkZones(id string, zones []string, region string) error {
	for i, az := range zones {
		if isToken(az) {
			continue
		}
		if !strings.HasPrefix(az, region) || len(az) == len(region) {
			return fmt.Errorf("auroracluster %s: AvailabilityZones[%d] %q: not an availability zone of %s", id, i, az, region)
		}
	}
	return nil
}

// isToken reports whether s is a CDKTF string token, in plain Go so that
// validation needs no jsii round trip.
func isToken(s string) bool { return strings.Contains(s, "${TfToken[") }

// logGroup makes the log group the PostgreSQL log export writes to, with the
// name RDS uses for it, and returns the resource so the cluster can wait for
// it.
func (b *builder) logGroup(key *kmskey.Key) (*loggroup.LogGroup, cdktf.ITerraformDependable, error) {
	id := b.id + "-postgresql-logs"
	lg, err := loggroup.New(b.scope, id, loggroup.Props{
		Name:          b.n.logGroup,
		Key:           key,
		RetentionDays: b.c.LogRetentionDays,
		Tags:          b.c.Tags,
	})
	if err != nil {
		return nil, nil, err
	}
	return lg, lg.Resource, nil
}

// enhancedMonitoringPolicy is the AWS managed policy for enhanced monitoring.
// It is the one managed policy here: RDS writes the metrics to a log group
// it creates and names itself (RDSOSMetrics), and AWS keeps this policy in
// step with what that agent needs, which a copy would not be.
const enhancedMonitoringPolicy = "iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"

func (b *builder) monitoringRole() (*iamrole.Role, error) {
	return iamrole.New(b.scope, b.id+"-monitoring", iamrole.Props{
		Name:              b.n.monitoringRole,
		Description:       "Lets RDS enhanced monitoring of Aurora cluster " + b.c.Name + " write OS metrics to CloudWatch Logs",
		Trust:             iamrole.ServiceTrust(b.env.ServicePrincipal("monitoring.rds"), b.env.AccountID),
		ManagedPolicyARNs: []string{"arn:" + b.env.Partition + ":" + enhancedMonitoringPolicy},
		Tags:              b.c.Tags,
	})
}

// securityGroup makes the cluster's security group: the database port from
// the allowed security groups, nothing from any address range, and no
// egress, because the database opens no connections of its own.
func (b *builder) securityGroup() *string {
	c := b.c
	if c.SecurityGroupID != nil {
		return c.SecurityGroupID
	}
	sg := securitygroup.NewSecurityGroup(b.scope, jsii.String(b.id+"-sg"), &securitygroup.SecurityGroupConfig{
		Name:        jsii.String(b.n.securityGroup),
		Description: jsii.String("Aurora cluster " + c.Name + ": PostgreSQL from the app tier only"),
		VpcId:       c.VPCID,
		// An empty list, unlike no list, makes Terraform remove egress
		// rules added outside it. Ingress is left to the rule resources
		// below, which inline rules would fight with.
		Egress: []*securitygroup.SecurityGroupEgress{},
		Tags:   b.tags,
	})
	for i, source := range c.AllowedSecurityGroupIDs {
		vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(b.scope, jsii.String(fmt.Sprintf("%s-ingress-%d", b.id, i)), &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
			SecurityGroupId:           sg.Id(),
			Description:               jsii.String("PostgreSQL from an allowed security group"),
			IpProtocol:                jsii.String("tcp"),
			FromPort:                  jsii.Number(c.Port),
			ToPort:                    jsii.Number(c.Port),
			ReferencedSecurityGroupId: source,
			Tags:                      b.tags,
		})
	}
	return sg.Id()
}

func (b *builder) parameterGroups() (rdsclusterparametergroup.RdsClusterParameterGroup, dbparametergroup.DbParameterGroup) {
	c, family := b.c, b.c.version.ParameterGroupFamily()
	// Created before the old group is destroyed, because RDS refuses to
	// delete a group in use; the names are prefixes (see names()) so that
	// old and new group never want the same name.
	lifecycle := &cdktf.TerraformResourceLifecycle{CreateBeforeDestroy: jsii.Bool(true)}
	var clusterParams []*rdsclusterparametergroup.RdsClusterParameterGroupParameter
	for _, p := range c.clusterParameters() {
		clusterParams = append(clusterParams, &rdsclusterparametergroup.RdsClusterParameterGroupParameter{
			Name: jsii.String(p.Name), Value: jsii.String(p.Value), ApplyMethod: jsii.String(p.ApplyMethod),
		})
	}
	cluster := rdsclusterparametergroup.NewRdsClusterParameterGroup(b.scope, jsii.String(b.id+"-cluster-params"), &rdsclusterparametergroup.RdsClusterParameterGroupConfig{
		NamePrefix:  jsii.String(b.n.clusterParameterGroup),
		Family:      jsii.String(family),
		Description: jsii.String("Aurora cluster " + c.Name + ": TLS only, connection and statement logging"),
		Parameter:   clusterParams,
		Lifecycle:   lifecycle,
		Tags:        b.tags,
	})
	cfg := &dbparametergroup.DbParameterGroupConfig{
		NamePrefix:  jsii.String(b.n.instanceParameterGroup),
		Family:      jsii.String(family),
		Description: jsii.String("Instances of Aurora cluster " + c.Name),
		Lifecycle:   lifecycle,
		Tags:        b.tags,
	}
	if ps := c.instanceParameters(); len(ps) > 0 {
		var params []*dbparametergroup.DbParameterGroupParameter
		for _, p := range ps {
			params = append(params, &dbparametergroup.DbParameterGroupParameter{
				Name: jsii.String(p.Name), Value: jsii.String(p.Value), ApplyMethod: jsii.String(p.ApplyMethod),
			})
		}
		cfg.Parameter = params
	}
	return cluster, dbparametergroup.NewDbParameterGroup(b.scope, jsii.String(b.id+"-instance-params"), cfg)
}

// readerAutoscaling registers the cluster's reader count with Application
// Auto Scaling and tracks the readers' average CPU. The target waits for the
// instances made with the cluster: registered earlier, scaling would see
// fewer readers than its minimum and add replicas of its own while
// Terraform is still adding the same number.
func (b *builder) readerAutoscaling(cluster rdscluster.RdsCluster, instances []cdktf.ITerraformDependable) {
	a := b.c.Autoscaling
	target := appautoscalingtarget.NewAppautoscalingTarget(b.scope, jsii.String(b.id+"-reader-scaling"), &appautoscalingtarget.AppautoscalingTargetConfig{
		ServiceNamespace:  jsii.String("rds"),
		ScalableDimension: jsii.String("rds:cluster:ReadReplicaCount"),
		ResourceId:        jsii.String("cluster:" + *cluster.ClusterIdentifier()),
		MinCapacity:       jsii.Number(a.MinReaders),
		MaxCapacity:       jsii.Number(a.MaxReaders),
		Tags:              b.tags,
		DependsOn:         &instances,
	})
	appautoscalingpolicy.NewAppautoscalingPolicy(b.scope, jsii.String(b.id+"-reader-cpu"), &appautoscalingpolicy.AppautoscalingPolicyConfig{
		Name:              jsii.String(b.n.scalingPolicy),
		PolicyType:        jsii.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace(),
		ScalableDimension: target.ScalableDimension(),
		ResourceId:        target.ResourceId(),
		TargetTrackingScalingPolicyConfiguration: &appautoscalingpolicy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration{
			TargetValue: jsii.Number(a.TargetCPUPercent),
			PredefinedMetricSpecification: &appautoscalingpolicy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification{
				PredefinedMetricType: jsii.String("RDSReaderAverageCPUUtilization"),
			},
			ScaleInCooldown:  jsii.Number(a.ScaleInCooldownSeconds),
			ScaleOutCooldown: jsii.Number(a.ScaleOutCooldownSeconds),
		},
	})
}

func (b *builder) alarms(topic *snstopic.Topic) {
	// The reference orders the alarms after the topic they notify.
	actions := &[]*string{topic.Ref}
	for _, a := range b.c.alarms() {
		cloudwatchmetricalarm.NewCloudwatchMetricAlarm(b.scope, jsii.String(b.id+"-alarm-"+strings.TrimPrefix(a.Name, b.c.Name+"-")), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName:          jsii.String(a.Name),
			AlarmDescription:   jsii.String(a.Description),
			Namespace:          jsii.String("AWS/RDS"),
			MetricName:         jsii.String(a.Metric),
			Statistic:          jsii.String(a.Statistic),
			ComparisonOperator: jsii.String(a.Comparison),
			Threshold:          jsii.Number(a.Threshold),
			Period:             jsii.Number(a.PeriodSeconds),
			EvaluationPeriods:  jsii.Number(a.EvaluationPeriods),
			DatapointsToAlarm:  jsii.Number(a.DatapointsToAlarm),
			TreatMissingData:   jsii.String(a.TreatMissingData),
			Dimensions: &map[string]*string{
				"DBClusterIdentifier": jsii.String(b.c.Name),
				"Role":                jsii.String(a.Role),
			},
			AlarmActions: actions,
			OkActions:    actions,
			Tags:         b.tags,
		})
	}
}
