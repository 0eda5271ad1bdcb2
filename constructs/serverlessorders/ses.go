package serverlessorders

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2configurationset"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2emailidentity"

	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

// receipts makes the receipts bucket, a SecureBucket encrypted with the
// construct's key.
func (b *build) receipts() error {
	name := b.props.ReceiptsBucketName
	if name == "" {
		var err error
		if name, err = b.s.names.receiptsBucket(b.env.AccountID, b.env.Region); err != nil {
			return err
		}
	}
	bucket, err := securebucket.New(b.scope, *b.rid("receipts"), securebucket.Props{
		Name:       name,
		KMSKey:     b.out.Key,
		AccessLogs: b.props.AccessLogs,
		Tags:       b.props.Tags,
	})
	if err != nil {
		return err
	}
	b.out.ReceiptsBucket = bucket
	b.refs.receiptWrites = bucket.WriteStatements(orders.ReceiptPrefix)
	return nil
}

// email makes the SES domain identity with Easy DKIM and a configuration
// set that requires TLS to the recipient's mail server and suppresses
// addresses that bounced or complained.
func (b *build) email() error {
	cs := sesv2configurationset.NewSesv2ConfigurationSet(b.scope, b.rid("ses-configuration-set"), &sesv2configurationset.Sesv2ConfigurationSetConfig{
		ConfigurationSetName: jsii.String(b.s.names.configurationSet()),
		DeliveryOptions:      &sesv2configurationset.Sesv2ConfigurationSetDeliveryOptions{TlsPolicy: jsii.String("REQUIRE")},
		ReputationOptions:    &sesv2configurationset.Sesv2ConfigurationSetReputationOptions{ReputationMetricsEnabled: jsii.Bool(true)},
		SuppressionOptions:   &sesv2configurationset.Sesv2ConfigurationSetSuppressionOptions{SuppressedReasons: jsii.Strings("BOUNCE", "COMPLAINT")},
		Tags:                 b.tags,
	})
	id := sesv2emailidentity.NewSesv2EmailIdentity(b.scope, b.rid("ses-identity"), &sesv2emailidentity.Sesv2EmailIdentityConfig{
		EmailIdentity:        jsii.String(b.s.SenderDomain),
		ConfigurationSetName: cs.ConfigurationSetName(),
		DkimSigningAttributes: &sesv2emailidentity.Sesv2EmailIdentityDkimSigningAttributes{
			NextSigningKeyLength: jsii.String("RSA_2048_BIT"),
		},
		Tags: b.tags,
	})
	b.configSet = cs.ConfigurationSetName()
	b.out.DKIMTokens = id.DkimSigningAttributes().Tokens()
	return nil
}
