package alerts

import (
	"context"
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
)

// Table key attributes, shared with the construct that makes the table.
// The key schema is unchanged from the first release (hash window_start,
// range shard_id): changing it would replace the table, which deletion
// protection refuses. Window items use the range key WindowItem.
const (
	HashKey      = "window_start"
	RangeKey     = "shard_id"
	TTLAttribute = "expires_at"
	// WindowItem is the range key of a window's one item, which holds
	// the totals over all shards.
	WindowItem = "window"
)

// Attributes of a window item. Counters are top-level numbers because
// the ADD action of an update expression applies to top-level number and
// set attributes (DynamoDB Developer Guide, "Using update expressions",
// ADD; UpdateItem API, UpdateExpression: "ADD ... only supports Number and
// set data types").
const (
	attrWindowEnd     = "window_end"
	attrInvalid       = "invalid"
	attrRevenue       = "revenue_cents"
	attrContributions = "contributions"
	attrAlerted       = "alerted"
	countPrefix       = "count_"
)

// DynamoDB is the part of the DynamoDB client Table uses.
type DynamoDB interface {
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// Table is the Store on the aggregates table.
type Table struct {
	Client DynamoDB
	Name   string
}

func (t Table) key(window string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{HashKey: &types.AttributeValueMemberS{Value: window}, RangeKey: &types.AttributeValueMemberS{Value: WindowItem}}
}

func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

// AddExpression is the update expression of Add: every counter is added
// (ADD creates a missing number at 0 first), the contribution's ID joins
// the contributions string set in the same write, and the condition
// refuses an ID already in the set, so that a redelivered final
// invocation does not count twice (DynamoDB Developer Guide, "Condition
// expressions": contains(path, operand) on a string set; a missing
// attribute makes contains false).
func AddExpression() (update, condition string) {
	update = "SET #end = :end, #ttl = :ttl ADD #invalid :invalid, #revenue :revenue, #contributions :id"
	for i := range clickstream.EventTypes {
		update += ", #c" + strconv.Itoa(i) + " :c" + strconv.Itoa(i)
	}
	return update, "NOT contains(#contributions, :idstr)"
}

// Add implements Store with one conditional UpdateItem that returns the
// item's new values (ReturnValues UPDATED_NEW), or, when the condition
// fails, the item as it stands (ReturnValuesOnConditionCheckFailure
// ALL_OLD; DynamoDB API UpdateItem).
func (t Table) Add(ctx context.Context, c Contribution) (Totals, bool, error) {
	update, cond := AddExpression()
	names := map[string]string{"#end": attrWindowEnd, "#ttl": TTLAttribute, "#invalid": attrInvalid, "#revenue": attrRevenue, "#contributions": attrContributions}
	values := map[string]types.AttributeValue{
		":end": &types.AttributeValueMemberS{Value: c.WindowEnd}, ":ttl": n(c.ExpiresAt),
		":invalid": n(c.Invalid), ":revenue": n(c.RevenueCents),
		":id": &types.AttributeValueMemberSS{Value: []string{c.ID}}, ":idstr": &types.AttributeValueMemberS{Value: c.ID},
	}
	for i, et := range clickstream.EventTypes {
		names["#c"+strconv.Itoa(i)] = countPrefix + et
		values[":c"+strconv.Itoa(i)] = n(c.Counts[et])
	}
	out, err := t.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(t.Name), Key: t.key(c.WindowStart),
		UpdateExpression: aws.String(update), ConditionExpression: aws.String(cond),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values,
		ReturnValues:                        types.ReturnValueUpdatedNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var ccf *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &ccf):
		return totals(ccf.Item), false, nil
	case err != nil:
		return Totals{}, false, err
	}
	return totals(out.Attributes), true, nil
}

// ClaimAlert sets the window's alerted flag unless it is set.
func (t Table) ClaimAlert(ctx context.Context, window string) (bool, error) {
	_, err := t.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(t.Name), Key: t.key(window),
		UpdateExpression:          aws.String("SET #alerted = :true"),
		ConditionExpression:       aws.String("attribute_not_exists(#alerted)"),
		ExpressionAttributeNames:  map[string]string{"#alerted": attrAlerted},
		ExpressionAttributeValues: map[string]types.AttributeValue{":true": &types.AttributeValueMemberBOOL{Value: true}},
	})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return false, nil
	}
	return err == nil, err
}

// ReleaseAlert removes the window's alerted flag.
func (t Table) ReleaseAlert(ctx context.Context, window string) error {
	_, err := t.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(t.Name), Key: t.key(window),
		UpdateExpression:         aws.String("REMOVE #alerted"),
		ExpressionAttributeNames: map[string]string{"#alerted": attrAlerted},
	})
	return err
}

func totals(item map[string]types.AttributeValue) Totals {
	num := func(k string) int64 {
		if v, ok := item[k].(*types.AttributeValueMemberN); ok {
			x, _ := strconv.ParseInt(v.Value, 10, 64)
			return x
		}
		return 0
	}
	t := Totals{Counts: map[string]int64{}, Invalid: num(attrInvalid), RevenueCents: num(attrRevenue)}
	for _, et := range clickstream.EventTypes {
		t.Counts[et] = num(countPrefix + et)
	}
	if v, ok := item[attrAlerted].(*types.AttributeValueMemberBOOL); ok {
		t.Alerted = v.Value
	}
	return t
}
