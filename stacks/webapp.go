package stacks

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/appsecret"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/webapp"
	"github.com/acme/landing-zone/constructs/webdns"
	"github.com/acme/landing-zone/stacks/org"
)

// workloadWeb builds the environment's web application (e.Web). It runs
// after the account baseline, whose EBS key of the stack's region encrypts
// the instances' volumes: the key is in this stack, so its ARN is a plain
// reference, not a cross-stack read.
func (b *builder) workloadWeb(st *Stack, env awsenv.Env, e *org.Environment, zoneID string, vpc *networkhub.VPC, tiers *networkhub.TierSecurityGroups, alarms *snstopic.Topic, logs *securebucket.Bucket, secrets []*appsecret.Secret, processed *securebucket.Bucket) (*webapp.App, error) {
	w := e.Web
	if w == nil {
		return nil, nil
	}
	fail := func(err error) (*webapp.App, error) { return nil, fmt.Errorf("stack %s: %w", st.Name, err) }
	if st.baseline == nil || st.baseline.EBSKey == nil {
		return fail(fmt.Errorf("web: the account baseline's EBS key of %s is missing", st.Region))
	}
	uploads, err := naming.Bucket(b.org.Name, e.Name+"-uploads", env.AccountID, env.Region)
	if err != nil {
		return fail(err)
	}
	albLogs, err := naming.Bucket(b.org.Name, e.Name+"-alb-logs", env.AccountID, env.Region)
	if err != nil {
		return fail(err)
	}
	static, err := naming.Bucket(b.org.Name, e.Name+"-static", env.AccountID, env.Region)
	if err != nil {
		return fail(err)
	}
	props := webapp.Props{
		Name:                     naming.Join(b.org.Name, e.Name),
		Domain:                   w.Domain,
		InternalDomain:           w.InternalDomain(),
		StaticDomain:             w.StaticDomain(),
		Zone:                     webapp.ZoneRef{Name: e.DNS.ZoneName, ID: zoneID},
		CertificateARN:           w.CertificateARN,
		CloudFrontCertificateARN: w.CloudFrontCertificateARN,
		Network: webapp.Network{
			VPCID: vpc.ID, PublicSubnetIDs: vpc.SubnetIDs(netplan.Public), PrivateSubnetIDs: vpc.SubnetIDs(netplan.Private),
			Groups: tiers,
		},
		WebTier: webapp.InstanceTier{InstanceType: w.WebTier.InstanceType, Capacity: capacity(w.WebTier)},
		AppTier: webapp.AppTier{
			Kind:         w.AppTier.Kind,
			InstanceTier: webapp.InstanceTier{InstanceType: w.AppTier.InstanceType, Capacity: capacity(w.AppTier.InstanceTier)},
			CPU:          w.AppTier.CPU, MemoryMiB: w.AppTier.MemoryMiB, MinTasks: w.AppTier.MinTasks, MaxTasks: w.AppTier.MaxTasks,
			ImageTag: w.AppTier.ImageTag,
		},
		Sessions:                  webapp.Sessions{NodeType: w.Sessions.NodeType, Replicas: w.Sessions.Replicas, MultiAZ: w.Sessions.MultiAZ},
		WAFRateLimit:              w.WAFRateLimit,
		VolumeKeyARN:              st.baseline.EBSKey.ARN,
		AutoScalingRoleARN:        st.baseline.AutoScalingRole(),
		UploadsBucketName:         uploads,
		LoadBalancerLogBucketName: albLogs,
		StaticBucketName:          static,
		AccessLogs:                securebucket.AccessLogs{Target: logs},
		LogRetentionDays:          e.Orders.LogRetentionDays,
		AlarmTopic:                alarms,
		GlobalAlarmTopic:          alarms,
		Parts:                     webParts,
		Production:                e.Production,
	}
	if f := e.Files; f != nil {
		props.Files = &webapp.Files{
			TransitionToIA: f.TransitionToIA, UID: f.UID, GID: f.GID, RootPath: f.RootPath, Permissions: f.Permissions,
			MountPath: f.MountPath,
		}
	}
	if processed != nil {
		props.ReadBuckets = []webapp.BucketRead{{Bucket: processed, Env: org.ImagesBucketEnv}}
	}
	for i, s := range secrets {
		props.AppSecrets = append(props.AppSecrets, webapp.SecretRef{ARN: s.ARN, KeyARN: s.Key.ARN, Env: e.Secrets[i].Env})
	}
	if e.Region != "us-east-1" {
		// CloudFront's certificate and web ACL and the Route 53 health
		// check alarm live in us-east-1; the model requires it among the
		// allowed regions.
		scope, genv, err := b.inRegion(st, "us-east-1")
		if err != nil {
			return fail(err)
		}
		key, err := kmskey.New(scope, "alarms-key", kmskey.Props{
			Alias:       b.org.Name + "/" + e.Name + "/alarms",
			Description: "Encrypts the us-east-1 alarm notifications of " + e.Name,
		})
		if err != nil {
			return fail(err)
		}
		topic, err := snstopic.New(scope, "alarms", snstopic.Props{
			Name: naming.Join(b.org.Name, e.Name, "alarms"), Key: key, PublishingServices: []string{"cloudwatch"},
		})
		if err != nil {
			return fail(fmt.Errorf("%s: %w", genv.Region, err))
		}
		props.USEast1, props.GlobalAlarmTopic = scope, topic
	}
	app, err := webapp.New(st.TF, "web", props)
	if err != nil {
		return fail(err)
	}
	return app, nil
}

// workloadZone returns the id of the environment's hosted zone: the
// model's, or that of the zone made here with dns.create_zone, whose name
// servers the stack outputs for the parent zone's delegation.
func (b *builder) workloadZone(st *Stack, e *org.Environment) (string, error) {
	if !e.DNS.CreateZone {
		return e.DNS.ZoneID, nil
	}
	z, err := webdns.NewZone(st.TF, "dns-zone", webdns.ZoneProps{Name: e.DNS.ZoneName, Create: true})
	if err != nil {
		return "", fmt.Errorf("stack %s: %w", st.Name, err)
	}
	cdktf.NewTerraformOutput(st.TF, jsii.String("dns-name-servers"), &cdktf.TerraformOutputConfig{
		Description: jsii.String("Delegate " + e.DNS.ZoneName + " to these name servers (NS records in its parent zone); certificate validation and SES verification wait for it."),
		Value:       z.NameServers,
	})
	return *z.ID, nil
}

func capacity(t org.InstanceTier) ec2tier.Capacity {
	return ec2tier.Capacity{Min: t.Min, Desired: t.Desired, Max: t.Max}
}
