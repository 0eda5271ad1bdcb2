package serverlessorders

import (
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route53record"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2configurationset"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2emailidentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sesv2emailidentitymailfromattributes"
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
	b.dkimRecords(id.EmailIdentity())
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
func (b *build) dkimRecords(identity *string) {
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
		b.mailFrom(identity)
		return
	}
	cdktf.NewTerraformOutput(b.scope, b.rid("dkim-records"), &cdktf.TerraformOutputConfig{
		Description: jsii.String("Publish these CNAME records in the DNS of " + domain + " so that SES verifies the domain and signs receipts with DKIM (no hosted zone is configured for this environment)."),
		Value:       jsii.Strings(b.out.DKIMRecords...),
	})
}

// mailFromLabel names the custom MAIL FROM domain, <label>.<sender domain>:
// a label of its own, so that it neither sends (the From address stays
// <local>@<sender domain>) nor collides with a mail host's records.
const mailFromLabel = "bounce"

// mailFrom gives the identity a custom MAIL FROM domain in the hosted zone,
// with its MX record (bounces and complaints go back to SES) and SPF
// record, so that SPF passes for the sender's own domain and aligns for
// DMARC. Until SES sees the MX record it uses its default MAIL FROM domain
// (USE_DEFAULT_VALUE), so receipts are never held back by it. Source:
// Amazon SES Developer Guide, "Using a custom MAIL FROM domain"
// (https://docs.aws.amazon.com/ses/latest/dg/mail-from.html). Only in the
// aws partition, whose SES endpoints the MX record names.
func (b *build) mailFrom(identity *string) {
	if b.env.Partition != "aws" {
		return
	}
	zone := b.props.HostedZone
	domain := mailFromLabel + "." + b.s.SenderDomain
	sesv2emailidentitymailfromattributes.NewSesv2EmailIdentityMailFromAttributes(b.scope, b.rid("ses-mail-from"), &sesv2emailidentitymailfromattributes.Sesv2EmailIdentityMailFromAttributesConfig{
		EmailIdentity:       identity,
		MailFromDomain:      jsii.String(domain),
		BehaviorOnMxFailure: jsii.String("USE_DEFAULT_VALUE"),
	})
	route53record.NewRoute53Record(b.scope, b.rid("ses-mail-from-mx"), &route53record.Route53RecordConfig{
		ZoneId:  jsii.String(zone.ID),
		Name:    jsii.String(domain),
		Type:    jsii.String("MX"),
		Ttl:     jsii.Number(dkimTTLSeconds),
		Records: jsii.Strings("10 feedback-smtp." + b.env.Region + ".amazonses.com"),
	})
	route53record.NewRoute53Record(b.scope, b.rid("ses-mail-from-spf"), &route53record.Route53RecordConfig{
		ZoneId:  jsii.String(zone.ID),
		Name:    jsii.String(domain),
		Type:    jsii.String("TXT"),
		Ttl:     jsii.Number(dkimTTLSeconds),
		Records: jsii.Strings("v=spf1 include:amazonses.com ~all"),
	})
}
