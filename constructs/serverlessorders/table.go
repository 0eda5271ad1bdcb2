package serverlessorders

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dynamodbtable"

	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

// key makes the construct's key, or extends the given key's policy, so that
// CloudWatch Logs and SNS can use it.
func (b *build) key() error {
	k := b.props.Key
	if k == nil {
		var err error
		k, err = kmskey.New(b.scope, *b.rid("key"), kmskey.Props{
			Alias:       b.s.names.keyAlias(),
			Description: "Encrypts the order system " + b.props.Name + ": table, queues, topics, logs, receipts",
			Tags:        b.props.Tags,
		})
		if err != nil {
			return err
		}
	}
	if err := k.Ensure(keyStatements(b.env)...); err != nil {
		return err
	}
	b.out.Key, b.refs.keyARN = k, *k.ARN
	return nil
}

// table makes the orders table: on demand, encrypted with the key, with
// point-in-time recovery, a stream, TTL, deletion protection and the
// customer index.
func (b *build) table() error {
	str := func(name string) *dynamodbtable.DynamodbTableAttribute {
		return &dynamodbtable.DynamodbTableAttribute{Name: jsii.String(name), Type: jsii.String("S")}
	}
	t := dynamodbtable.NewDynamodbTable(b.scope, b.rid("table"), &dynamodbtable.DynamodbTableConfig{
		Name:        jsii.String(b.s.names.table()),
		BillingMode: jsii.String("PAY_PER_REQUEST"),
		HashKey:     jsii.String(orders.KeyAttribute),
		Attribute: []*dynamodbtable.DynamodbTableAttribute{
			str(orders.KeyAttribute), str(orders.CustomerAttribute), str(orders.CreatedAttribute),
		},
		GlobalSecondaryIndex: []*dynamodbtable.DynamodbTableGlobalSecondaryIndex{{
			Name:           jsii.String(orders.CustomerIndex),
			HashKey:        jsii.String(orders.CustomerAttribute),
			RangeKey:       jsii.String(orders.CreatedAttribute),
			ProjectionType: jsii.String("ALL"),
		}},
		ServerSideEncryption: &dynamodbtable.DynamodbTableServerSideEncryption{
			Enabled:   jsii.Bool(true),
			KmsKeyArn: b.out.Key.ARN,
		},
		PointInTimeRecovery:       &dynamodbtable.DynamodbTablePointInTimeRecovery{Enabled: jsii.Bool(true)},
		StreamEnabled:             jsii.Bool(true),
		StreamViewType:            jsii.String("NEW_AND_OLD_IMAGES"),
		Ttl:                       &dynamodbtable.DynamodbTableTtl{AttributeName: jsii.String(orders.TTLAttribute), Enabled: jsii.Bool(true)},
		DeletionProtectionEnabled: jsii.Bool(true),
		Tags:                      b.tags,
	})
	b.tableName, b.out.StreamARN = t.Name(), t.StreamArn()
	return nil
}
