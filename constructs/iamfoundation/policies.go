package iamfoundation

import (
	"fmt"
	"strings"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
)

// ec2Trust lets EC2 instances of the account assume the role. EC2 sends no
// aws:SourceAccount, and the role can only be used through an instance
// profile of this account, which is what scopes it.
func ec2Trust(env awsenv.Env) iampolicy.Document {
	return iamrole.ServiceTrust(env.ServicePrincipal("ec2"), "")
}

// mfaConditions are the conditions of a statement that people must have
// signed in with MFA for: present, and no older than maxAgeSeconds (0: any
// age).
func mfaConditions(maxAgeSeconds int) []iampolicy.Condition {
	c := []iampolicy.Condition{iampolicy.Cond("Bool", "aws:MultiFactorAuthPresent", "true")}
	if maxAgeSeconds > 0 {
		c = append(c, iampolicy.Cond("NumericLessThan", "aws:MultiFactorAuthAge", fmt.Sprint(maxAgeSeconds)))
	}
	return c
}

// crossAccountTrust lets principals of the source account assume the role
// when they pass the external id (unless p.MFAOnly) and, unless
// p.AllowWithoutMFA, signed in with MFA at most p.MaxMFAAgeSeconds ago. p
// has its defaults applied.
//
// The principal is the source account's root, which delegates to that
// account's IAM policies: who may assume the role is then decided there (by
// the group NewAssumeRoleGroup makes), and the conditions here hold for all.
func crossAccountTrust(partition string, p CrossAccountRoleProps) iampolicy.Document {
	s := iampolicy.Statement{
		Sid:        "SourceAccountAssumes",
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(fmt.Sprintf("arn:%s:iam::%s:root", partition, p.SourceAccountID))},
		Actions:    []string{"sts:AssumeRole"},
	}
	if !p.MFAOnly {
		s.Conditions = []iampolicy.Condition{iampolicy.Cond("StringEquals", "sts:ExternalId", p.ExternalID)}
	}
	if !p.AllowWithoutMFA {
		s.Conditions = append(s.Conditions, mfaConditions(p.MaxMFAAgeSeconds)...)
	}
	return iampolicy.Document{Statements: []iampolicy.Statement{s}}
}

// SessionManagerStatements are what an instance's Systems Manager agent
// needs for Session Manager, and no more: registering the instance
// (ssm:UpdateInstanceInformation) and opening the session channels
// (ssmmessages). None of these actions supports resource-level
// permissions, hence "*". Source: AWS Systems Manager User Guide, "Create a
// custom IAM role for Session Manager" (the same actions make the AWS
// managed AWSCloud9SSMInstanceProfile). Unlike AmazonSSMManagedInstanceCore
// they read no parameters. Logging sessions to S3 or encrypting them with
// KMS needs s3:PutObject/s3:GetEncryptionConfiguration and kms:Decrypt on
// the bucket and key chosen: add them to ServiceRoleProps.Statements.
func SessionManagerStatements() []iampolicy.Statement {
	return []iampolicy.Statement{{
		Sid:    "SessionManagerAgent",
		Effect: iampolicy.Allow,
		Actions: []string{
			"ssm:UpdateInstanceInformation",
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
			"ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
		},
		Resources: []string{"*"},
	}}
}

// dataReadActions read the data held in a workload account rather than the
// resources' configuration: objects, items, log events, messages, secrets,
// parameters, and decryption. The AWS managed ReadOnlyAccess allows most of
// them (for example s3:GetObject, dynamodb:GetItem, Query and Scan,
// logs:GetLogEvents); ViewOnlyAccess is meant to allow none, and the deny
// keeps it so whatever AWS adds to either policy later.
var dataReadActions = []string{
	"athena:GetQueryResults",
	"dynamodb:BatchGetItem", "dynamodb:ExecuteStatement", "dynamodb:BatchExecuteStatement",
	"dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:PartiQLSelect", "dynamodb:Query", "dynamodb:Scan",
	"kms:Decrypt",
	"logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogRecord", "logs:GetQueryResults", "logs:StartLiveTail", "logs:StartQuery",
	"rds-data:ExecuteStatement", "rds-db:connect",
	"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:GetObjectTorrent",
	"secretsmanager:GetSecretValue",
	"sqs:ReceiveMessage",
	"ssm:GetParameter", "ssm:GetParameterHistory", "ssm:GetParameters", "ssm:GetParametersByPath",
}

// DataReadDenyStatement denies reading data (objects, items, log events,
// messages, secrets, parameters, decryption) on every resource. Cross-account
// roles carry it unless CrossAccountRoleProps.AllowDataReads.
func DataReadDenyStatement() iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "DenyDataReads",
		Effect:    iampolicy.Deny,
		Actions:   append([]string(nil), dataReadActions...),
		Resources: []string{"*"},
	}
}

// assumeRolesPolicy lets the holder assume exactly the given roles, with
// MFA unless allowWithoutMFA.
func assumeRolesPolicy(roleARNs []string, allowWithoutMFA bool) iampolicy.Document {
	s := iampolicy.Statement{
		Sid:       "AssumeTargetRoles",
		Effect:    iampolicy.Allow,
		Actions:   []string{"sts:AssumeRole"},
		Resources: roleARNs,
	}
	if !allowWithoutMFA {
		s.Conditions = mfaConditions(0)
	}
	return iampolicy.Document{Statements: []iampolicy.Statement{s}}
}

// CheckPermissions checks statements meant for an identity policy: they
// must form a valid document, name resources, name no principals, and allow
// no wildcard actions ("*", "service:*") or NotAction/NotResource, which
// grant everything but a list. Partial wildcards such as "s3:Get*" pass.
func CheckPermissions(stmts []iampolicy.Statement) error {
	if err := (iampolicy.Document{Statements: stmts}).Validate(); err != nil {
		return err
	}
	for i, s := range stmts {
		where := fmt.Sprintf("Statements[%d]", i)
		if s.Sid != "" {
			where = fmt.Sprintf("Statements[%d] (%s)", i, s.Sid)
		}
		switch {
		case len(s.Principals) > 0 || len(s.NotPrincipals) > 0:
			return fmt.Errorf("%s: identity policies name no principal", where)
		case len(s.Resources) == 0 && len(s.NotResources) == 0:
			return fmt.Errorf("%s: no Resources: name the resources the actions apply to", where)
		}
		if s.Effect != iampolicy.Allow {
			continue
		}
		switch {
		case len(s.NotActions) > 0:
			return fmt.Errorf("%s: Allow with NotActions grants every other action; list the actions", where)
		case len(s.NotResources) > 0:
			return fmt.Errorf("%s: Allow with NotResources grants every other resource; list the resources", where)
		}
		for _, a := range s.Actions {
			if a == "*" || strings.HasSuffix(a, ":*") {
				return fmt.Errorf("%s: action %q: wildcard actions are not allowed; list the actions", where, a)
			}
		}
	}
	return nil
}

// TableStatements are the least-privilege statements to use the items of a
// DynamoDB table and its indexes: reads (GetItem, BatchGetItem, Query,
// ConditionCheckItem, DescribeTable) and, with write, PutItem, UpdateItem,
// DeleteItem and BatchWriteItem. Scan is left out: add it on purpose.
func TableStatements(tableARN string, write bool) []iampolicy.Statement {
	actions := []string{"dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query"}
	if write {
		actions = append(actions, "dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem")
	}
	return []iampolicy.Statement{{
		Effect:    iampolicy.Allow,
		Actions:   actions,
		Resources: []string{tableARN, tableARN + "/index/*"},
	}}
}

// SecretReadStatements let the holder read the secrets of env's account and
// region whose names start with namePrefix (such as "app/"), and, when the
// secrets are encrypted with a customer-managed key, decrypt them through
// Secrets Manager only. Secret ARNs end in a random suffix, hence the
// trailing wildcard; an empty prefix would mean every secret and is refused.
func SecretReadStatements(env awsenv.Env, namePrefix, keyARN string) ([]iampolicy.Statement, error) {
	if namePrefix == "" || strings.ContainsAny(namePrefix, "*?") {
		return nil, fmt.Errorf("secret name prefix %q: must be a non-empty prefix without wildcards", namePrefix)
	}
	stmts := []iampolicy.Statement{{
		Effect:    iampolicy.Allow,
		Actions:   []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"},
		Resources: []string{env.ARN("secretsmanager", "secret:"+namePrefix+"*")},
	}}
	if keyARN != "" {
		r, err := awsregion.Lookup(env.Region)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, iampolicy.Statement{
			Effect:     iampolicy.Allow,
			Actions:    []string{"kms:Decrypt"},
			Resources:  []string{keyARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", "secretsmanager."+env.Region+"."+r.DNSSuffix())},
		})
	}
	return stmts, nil
}
