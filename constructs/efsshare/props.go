package efsshare

import (
	"errors"
	"fmt"

	"github.com/acme/landing-zone/constructs/efsshare/efsspec"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
)

// Port is NFS, the only port EFS mount targets serve (Amazon EFS User
// Guide, "Using VPC security groups": inbound TCP 2049 from the clients).
const Port = 2049

// Defaults of the fields whose zero value means "the default"
// (efsspec's).
const (
	DefaultTransitionToIA = efsspec.DefaultTransitionToIA
	DefaultUID            = efsspec.DefaultUID
	DefaultGID            = efsspec.DefaultGID
	DefaultRootPath       = efsspec.DefaultRootPath
	DefaultPermissions    = efsspec.DefaultPermissions
)

// Props configures a Share. Name, VPCID, SubnetIDs, SourceSecurityGroupIDs
// and ClientRoleARNs make a secure share: a CMK-encrypted file system with
// elastic throughput, lifecycle to Infrequent Access after 30 days and back
// on first access, automatic backups, a mount target per subnet, NFS from
// the given security groups only, one access point, and a policy that
// refuses non-TLS and anonymous clients.
type Props struct {
	// Name is the file system's Name tag, creation token and key alias
	// suffix.
	Name string
	// VPCID is the VPC of the mount targets' security group.
	VPCID *string
	// SubnetIDs are private subnets, one per availability zone; each gets
	// a mount target (EFS allows one mount target per zone).
	SubnetIDs []*string
	// SourceSecurityGroupIDs are the clients' security groups (the app
	// tier); only they reach port 2049. At least one.
	SourceSecurityGroupIDs []*string
	// ClientRoleARNs are the IAM roles that may mount and write through the
	// access point (ECS task roles, EC2 instance roles): at least one for
	// New, none for Prepare (Share.Admit takes them).
	ClientRoleARNs []*string
	// TransitionToIA is when unread files move to Infrequent Access;
	// default DefaultTransitionToIA.
	TransitionToIA string
	// UID and GID are the access point's POSIX user; defaults DefaultUID
	// and DefaultGID. Root (0) is refused: clients would own every file.
	UID, GID int
	// RootPath is the access point's root directory; default
	// DefaultRootPath.
	RootPath string
	// Permissions is the octal mode EFS gives RootPath when it creates it;
	// default DefaultPermissions.
	Permissions string
	// Key encrypts the file system; nil makes one.
	Key *kmskey.Key
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// settings are the props' efsspec.Settings.
func (p *Props) settings() efsspec.Settings {
	return efsspec.Settings{TransitionToIA: p.TransitionToIA, UID: p.UID, GID: p.GID, RootPath: p.RootPath, Permissions: p.Permissions}
}

func (p *Props) defaults() {
	s := p.settings().WithDefaults()
	p.TransitionToIA, p.UID, p.GID, p.RootPath, p.Permissions = s.TransitionToIA, s.UID, s.GID, s.RootPath, s.Permissions
}

// Validate applies the defaults and reports every problem, one line each,
// naming the field and the value, in plain Go: the props of New.
func (p *Props) Validate(id string) error { return p.validate(id, true) }

// ValidatePrepare is Validate for the props of Prepare, which take no
// ClientRoleARNs.
func (p *Props) ValidatePrepare(id string) error { return p.validate(id, false) }

// validate checks the props of New (withRoles) or of Prepare, which takes
// no ClientRoleARNs (Share.Admit does).
func (p *Props) validate(id string, withRoles bool) error {
	p.defaults()
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("efsshare %s: "+format, append([]any{id}, args...)...))
	}
	if _, err := naming.Name(64, p.Name); err != nil {
		fail("Name %q: %v", p.Name, err)
	}
	if p.VPCID == nil {
		fail("VPCID is required (the VPC of the mount targets)")
	}
	if len(p.SubnetIDs) == 0 {
		fail("SubnetIDs: give the private subnets, one per availability zone")
	}
	for i, s := range p.SubnetIDs {
		if s == nil {
			fail("SubnetIDs[%d] is nil", i)
		}
	}
	if len(p.SourceSecurityGroupIDs) == 0 {
		fail("SourceSecurityGroupIDs: give the clients' security groups; nothing else may reach NFS")
	}
	for i, s := range p.SourceSecurityGroupIDs {
		if s == nil {
			fail("SourceSecurityGroupIDs[%d] is nil", i)
		}
	}
	switch {
	case withRoles && len(p.ClientRoleARNs) == 0:
		fail("ClientRoleARNs: give the roles that mount the share; the policy admits no one else")
	case !withRoles && len(p.ClientRoleARNs) > 0:
		fail("ClientRoleARNs: %d given to Prepare, which makes no policy; pass them to Share.Admit", len(p.ClientRoleARNs))
	}
	for i, s := range p.ClientRoleARNs {
		if s == nil {
			fail("ClientRoleARNs[%d] is nil", i)
		}
	}
	for _, err := range p.settings().Check() {
		fail("%v", err)
	}
	return errors.Join(errs...)
}
