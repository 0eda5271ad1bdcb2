package stacks

import (
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/fargateservice"
	"github.com/acme/landing-zone/constructs/sessionstore"
	"github.com/acme/landing-zone/constructs/staticsite"
	"github.com/acme/landing-zone/constructs/webapp"
)

// webParts build the web application's Fargate app tier, session store and
// static site with their constructs.
var webParts = webapp.Parts{
	Fargate: func(scope constructs.Construct, id string, in webapp.FargateInput) (*webapp.FargateOutput, error) {
		p := fargateservice.Props{
			Name: in.Name, VPCID: in.VPCID, SubnetIDs: in.SubnetIDs, SecurityGroupID: in.SecurityGroupID,
			TargetGroupARN: in.TargetGroupARN, LoadBalancerReady: in.LoadBalancerReady, ContainerPort: in.ContainerPort, ImageTag: in.ImageTag,
			CPU: in.CPU, MemoryMiB: in.MemoryMiB, MinTasks: in.MinTasks, MaxTasks: in.MaxTasks,
			Environment: in.Environment, TaskRole: in.TaskRole,
			HealthCheckPath: in.HealthCheckPath, LogRetentionDays: in.LogRetentionDays,
			AlarmTopic: in.AlarmTopic, Production: in.Production, Tags: in.Tags,
		}
		if v := in.Share; v != nil {
			p.Share = &fargateservice.EFSVolume{FileSystemID: v.FileSystemID, AccessPointID: v.AccessPointID, ContainerPath: v.ContainerPath, Ready: v.Ready}
		}
		svc, err := fargateservice.New(scope, id, p)
		if err != nil {
			return nil, err
		}
		return &webapp.FargateOutput{TaskRole: svc.TaskRole}, nil
	},
	FargateTaskRole: fargateservice.NewTaskRole,
	Sessions: func(scope constructs.Construct, id string, in webapp.SessionsInput) (*webapp.SessionsOutput, error) {
		st, err := sessionstore.New(scope, id, sessionstore.Props{
			Name: in.Name, SubnetIDs: in.SubnetIDs, SecurityGroupID: in.SecurityGroupID, NodeType: in.NodeType,
			Replicas: in.Replicas, MultiAZ: in.MultiAZ, LogRetentionDays: in.LogRetentionDays,
			AlarmTopic: in.AlarmTopic, Production: in.Production, Tags: in.Tags,
		})
		if err != nil {
			return nil, err
		}
		return &webapp.SessionsOutput{PrimaryEndpoint: st.PrimaryEndpoint, Port: st.Port, Connect: st.ConnectStatements()}, nil
	},
	StaticSite: func(scope constructs.Construct, id string, in webapp.StaticSiteInput) (*webapp.StaticSiteOutput, error) {
		site, err := staticsite.New(scope, id, staticsite.Props{
			Name: in.Name, BucketName: in.BucketName, DomainNames: in.DomainNames, CertificateARN: in.CertificateARN, WebACLARN: in.WebACLARN,
			AccessLogs: in.AccessLogs, LogScope: in.LogScope, Production: in.Production, Tags: in.Tags,
		})
		if err != nil {
			return nil, err
		}
		return &webapp.StaticSiteOutput{DomainName: site.DistributionDomainName, HostedZoneID: site.DistributionHostedZoneID}, nil
	},
}

// WebParts are the adapters the workload stacks give webapp.New, for tests
// that build a web application outside an organization.
func WebParts() webapp.Parts { return webParts }
