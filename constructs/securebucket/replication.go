package securebucket

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketreplicationconfiguration"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
)

// replicate makes the replication role, scoped to these two buckets and keys,
// and the replication rule.
func (b *Bucket) replicate(scope constructs.Construct, id string, r *Replication, versioning cdktf.ITerraformDependable) error {
	name := id + "-replication"
	if len(name) > 64 {
		name = name[:64]
	}
	viaS3 := b.env.ServicePrincipal("s3." + b.env.Region)
	role, err := iamrole.New(scope, id+"-replication-role", iamrole.Props{
		Name:        name,
		Description: "S3 replication of " + orID(b.Name, id),
		Trust:       iamrole.ServiceTrust(b.env.ServicePrincipal("s3"), b.env.AccountID),
		Policies: map[string]iampolicy.Document{"replicate": {Statements: []iampolicy.Statement{
			{Sid: "ReadSourceConfiguration", Effect: iampolicy.Allow, Actions: []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, Resources: []string{b.ARN}},
			{Sid: "ReadSourceObjects", Effect: iampolicy.Allow, Actions: []string{"s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"}, Resources: []string{b.ObjectsARN("")}},
			{Sid: "WriteReplicas", Effect: iampolicy.Allow, Actions: []string{"s3:ObjectOwnerOverrideToBucketOwner", "s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"}, Resources: []string{r.DestinationBucketARN + "/*"}},
			{Sid: "DecryptSource", Effect: iampolicy.Allow, Actions: []string{"kms:Decrypt"}, Resources: []string{*b.Key.ARN},
				Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", viaS3)}},
			{Sid: "EncryptReplicas", Effect: iampolicy.Allow, Actions: []string{"kms:Encrypt", "kms:GenerateDataKey"}, Resources: []string{r.DestinationKMSKeyARN}},
		}}},
	})
	if err != nil {
		return fmt.Errorf("securebucket %s: %w", id, err)
	}
	dest := &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleDestination{
		Bucket:                  jsii.String(r.DestinationBucketARN),
		EncryptionConfiguration: &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleDestinationEncryptionConfiguration{ReplicaKmsKeyId: jsii.String(r.DestinationKMSKeyARN)},
	}
	if r.StorageClass != "" {
		dest.StorageClass = jsii.String(r.StorageClass)
	}
	if r.DestinationAccountID != "" {
		dest.Account = jsii.String(r.DestinationAccountID)
		dest.AccessControlTranslation = &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleDestinationAccessControlTranslation{Owner: jsii.String("Destination")}
	}
	s3bucketreplicationconfiguration.NewS3BucketReplicationConfigurationA(scope, jsii.String(id+"-replication"), &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationAConfig{
		Bucket: b.ID,
		Role:   role.ARN,
		Rule: []*s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRule{{
			Id:                      jsii.String("replicate-all"),
			Status:                  jsii.String("Enabled"),
			Filter:                  &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleFilter{},
			DeleteMarkerReplication: &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleDeleteMarkerReplication{Status: jsii.String("Enabled")},
			SourceSelectionCriteria: &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleSourceSelectionCriteria{
				SseKmsEncryptedObjects: &s3bucketreplicationconfiguration.S3BucketReplicationConfigurationRuleSourceSelectionCriteriaSseKmsEncryptedObjects{Status: jsii.String("Enabled")},
			},
			Destination: dest,
		}},
		DependsOn: &[]cdktf.ITerraformDependable{versioning},
	})
	return nil
}
