package serverlessorders

import (
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route53record"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2configurationset"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2emailidentity"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

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
	b.dkimRecords()
	return nil
}

// dkimTokenCount is how many DKIM tokens Easy DKIM gives a domain, each
// published as <token>._domainkey.<domain> CNAME <token>.dkim.amazonses.com.
// Source: Amazon SES Developer Guide, "Easy DKIM in Amazon SES"
// (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html).
// For a domain identity, SES verifies the domain through these records:
// without them the identity stays pending and no receipt is ever sent.
const dkimTokenCount = 3

// dkimTTLSeconds is the records' TTL: they never change while the identity
// lives.
const dkimTTLSeconds = 1800

// dkimRecords publishes the DKIM records in the hosted zone when there is
// one, and otherwise outputs them for whoever runs the domain's DNS.
func (b *build) dkimRecords() {
	domain := b.s.SenderDomain
	zone := b.props.HostedZone
	for i := 0; i < dkimTokenCount; i++ {
		token := *cdktf.Token_AsString(cdktf.Fn_Element(b.out.DKIMTokens, jsii.Number(float64(i))), nil)
		name, value := token+"._domainkey."+domain, token+".dkim.amazonses.com"
		b.out.DKIMRecords = append(b.out.DKIMRecords, name+" CNAME "+value)
		if zone.ID == "" {
			continue
		}
		route53record.NewRoute53Record(b.scope, b.rid("ses-dkim", strconv.Itoa(i+1)), &route53record.Route53RecordConfig{
			ZoneId:  jsii.String(zone.ID),
			Name:    jsii.String(name),
			Type:    jsii.String("CNAME"),
			Ttl:     jsii.Number(dkimTTLSeconds),
			Records: jsii.Strings(value),
		})
	}
	if zone.ID != "" {
		return
	}
	cdktf.NewTerraformOutput(b.scope, b.rid("dkim-records"), &cdktf.TerraformOutputConfig{
		Description: jsii.String("Publish these CNAME records in the DNS of " + domain + " so that SES verifies the domain and signs receipts with DKIM (no hosted zone is configured for this environment)."),
		Value:       jsii.Strings(b.out.DKIMRecords...),
	})
}
