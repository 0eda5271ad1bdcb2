package auroracluster

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
)

// connectPolicy lets its holder sign in as dbUser with IAM database
// authentication, to this cluster only: the resource is the cluster's
// resource id, which RDS uses in rds-db ARNs.
func connectPolicy(env awsenv.Env, clusterResourceID, dbUser string) iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{{
		Sid:       "ConnectWithIAM",
		Effect:    iampolicy.Allow,
		Actions:   []string{"rds-db:connect"},
		Resources: []string{env.ARN("rds-db", "dbuser:"+clusterResourceID+"/"+dbUser)},
	}}}
}

// secretReadPolicy lets its holder read the master user secret and decrypt
// it, through Secrets Manager only.
func secretReadPolicy(env awsenv.Env, secretARN, keyARN string) iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{
		{
			Sid:       "ReadMasterSecret",
			Effect:    iampolicy.Allow,
			Actions:   []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"},
			Resources: []string{secretARN},
		},
		{
			Sid:        "DecryptMasterSecret",
			Effect:     iampolicy.Allow,
			Actions:    []string{"kms:Decrypt"},
			Resources:  []string{keyARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", viaService(env, "secretsmanager"))},
		},
	}}
}

// viaService is the kms:ViaService value of a service in env's region.
func viaService(env awsenv.Env, service string) string {
	r, _ := awsregion.Lookup(env.Region) // awsenv.New accepts known regions only
	return service + "." + env.Region + "." + r.DNSSuffix()
}

// GrantConnect lets role sign in to the cluster as the database user dbUser
// with IAM database authentication. The user must exist in the database and
// have the rds_iam role (GRANT rds_iam TO dbuser). This is how applications
// should connect: short-lived tokens instead of stored passwords.
func (c *Cluster) GrantConnect(role *iamrole.Role, dbUser string) error {
	if err := dbspec.CheckUserName(dbUser); err != nil {
		return fmt.Errorf("auroracluster %s: GrantConnect: database user %q: %w", c.Name, dbUser, err)
	}
	if err := role.AddPolicy(c.Name+"-connect-"+dbUser, connectPolicy(c.env, *c.ResourceID, dbUser)); err != nil {
		return fmt.Errorf("auroracluster %s: GrantConnect: %w", c.Name, err)
	}
	return nil
}

// GrantReadMasterSecret lets role read the master user's credentials from
// Secrets Manager. Keep it to administration and migration roles:
// applications should connect with GrantConnect.
func (c *Cluster) GrantReadMasterSecret(role *iamrole.Role) error {
	if err := role.AddPolicy(c.Name+"-read-master-secret", secretReadPolicy(c.env, *c.SecretARN, *c.Key.ARN)); err != nil {
		return fmt.Errorf("auroracluster %s: GrantReadMasterSecret: %w", c.Name, err)
	}
	return nil
}
