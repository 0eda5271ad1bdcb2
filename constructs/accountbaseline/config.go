package accountbaseline

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/configconfigurationrecorder"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/configconfigurationrecorderstatus"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/configdeliverychannel"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamservicelinkedrole"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/tags"
)

// configRecorder makes the recorder, its delivery channel to the central
// bucket and its status, in the order AWS needs: the channel needs the
// recorder, and starting the recorder needs the channel.
func configRecorder(scope constructs.Construct, id string, env awsenv.Env, props Props, b *Baseline) (name, roleARN string) {
	roleARN = ConfigRoleARN(env)
	roleRef := jsii.String(b.configRole)
	if !props.ConfigRoleExists {
		slr := iamservicelinkedrole.NewIamServiceLinkedRole(scope, jsii.String(id+"-config-role"), &iamservicelinkedrole.IamServiceLinkedRoleConfig{
			AwsServiceName: jsii.String(configService),
			Tags:           tags.Ptrs(props.Tags),
		})
		roleRef = slr.Arn()
		b.configRole = *roleRef
	}
	recorder := configconfigurationrecorder.NewConfigConfigurationRecorder(scope, jsii.String(id+"-config-recorder"), &configconfigurationrecorder.ConfigConfigurationRecorderConfig{
		Name:    jsii.String(props.RecorderName),
		RoleArn: roleRef,
		RecordingGroup: &configconfigurationrecorder.ConfigConfigurationRecorderRecordingGroup{
			AllSupported:               jsii.Bool(true),
			IncludeGlobalResourceTypes: jsii.Bool(props.RecordGlobalResources),
		},
	})
	channel := &configdeliverychannel.ConfigDeliveryChannelConfig{
		Name:         jsii.String(props.RecorderName),
		S3BucketName: jsii.String(props.DeliveryBucketName),
		SnapshotDeliveryProperties: &configdeliverychannel.ConfigDeliveryChannelSnapshotDeliveryProperties{
			DeliveryFrequency: jsii.String(props.SnapshotFrequency),
		},
		DependsOn: &[]cdktf.ITerraformDependable{recorder},
	}
	if len(props.DeliveryReady) > 0 {
		deps := append([]cdktf.ITerraformDependable{recorder}, props.DeliveryReady...)
		channel.DependsOn = &deps
	}
	if props.DeliveryKeyPrefix != "" {
		channel.S3KeyPrefix = jsii.String(props.DeliveryKeyPrefix)
	}
	if props.DeliveryKeyARN != "" {
		channel.S3KmsKeyArn = jsii.String(props.DeliveryKeyARN)
	}
	ch := configdeliverychannel.NewConfigDeliveryChannel(scope, jsii.String(id+"-config-delivery"), channel)
	configconfigurationrecorderstatus.NewConfigConfigurationRecorderStatus(scope, jsii.String(id+"-config-recorder-status"), &configconfigurationrecorderstatus.ConfigConfigurationRecorderStatusConfig{
		Name:      recorder.Name(),
		IsEnabled: jsii.Bool(true),
		DependsOn: &[]cdktf.ITerraformDependable{ch},
	})
	return props.RecorderName, roleARN
}
