package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// fakeDynamoDB keeps items in memory and understands the few expressions
// the store writes: attribute_not_exists / attribute_exists on the key,
// "#name = :value" comparisons joined by AND, and SET assignments.
type fakeDynamoDB struct {
	items map[string]map[string]types.AttributeValue
	calls []string
	err   error // returned by every call when set
}

func newFake() *fakeDynamoDB {
	return &fakeDynamoDB{items: map[string]map[string]types.AttributeValue{}}
}

func str(v types.AttributeValue) string {
	s, _ := v.(*types.AttributeValueMemberS)
	if s == nil {
		return ""
	}
	return s.Value
}

func (f *fakeDynamoDB) check(table *string) error {
	if f.err != nil {
		return f.err
	}
	if table == nil || *table != "orders" {
		return fmt.Errorf("unexpected table %v", table)
	}
	return nil
}

// holds evaluates a condition expression against item (nil: missing).
func holds(cond string, item map[string]types.AttributeValue, names map[string]string, values map[string]types.AttributeValue) bool {
	for _, part := range strings.Split(cond, " AND ") {
		part = strings.TrimSpace(part)
		switch {
		case strings.HasPrefix(part, "attribute_not_exists("):
			if item != nil {
				return false
			}
		case strings.HasPrefix(part, "attribute_exists("):
			if item == nil {
				return false
			}
		default:
			lhs, rhs, ok := strings.Cut(part, " = ")
			if !ok {
				panic("fake: unsupported condition " + part)
			}
			if item == nil || str(item[names[lhs]]) != str(values[rhs]) {
				return false
			}
		}
	}
	return true
}

func (f *fakeDynamoDB) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	f.calls = append(f.calls, "PutItem")
	if err := f.check(in.TableName); err != nil {
		return nil, err
	}
	id := str(in.Item["order_id"])
	old := f.items[id]
	if in.ConditionExpression != nil && !holds(*in.ConditionExpression, old, in.ExpressionAttributeNames, in.ExpressionAttributeValues) {
		e := &types.ConditionalCheckFailedException{}
		if in.ReturnValuesOnConditionCheckFailure == types.ReturnValuesOnConditionCheckFailureAllOld {
			e.Item = old
		}
		return nil, e
	}
	f.items[id] = in.Item
	return &dynamodb.PutItemOutput{}, nil
}

func (f *fakeDynamoDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("GetItem consistent=%v", in.ConsistentRead != nil && *in.ConsistentRead))
	if err := f.check(in.TableName); err != nil {
		return nil, err
	}
	return &dynamodb.GetItemOutput{Item: f.items[str(in.Key["order_id"])]}, nil
}

func (f *fakeDynamoDB) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	f.calls = append(f.calls, "UpdateItem")
	if err := f.check(in.TableName); err != nil {
		return nil, err
	}
	id := str(in.Key["order_id"])
	old := f.items[id]
	if in.ConditionExpression != nil && !holds(*in.ConditionExpression, old, in.ExpressionAttributeNames, in.ExpressionAttributeValues) {
		e := &types.ConditionalCheckFailedException{}
		if in.ReturnValuesOnConditionCheckFailure == types.ReturnValuesOnConditionCheckFailureAllOld {
			e.Item = old
		}
		return nil, e
	}
	next := map[string]types.AttributeValue{}
	for k, v := range old {
		next[k] = v
	}
	for _, assign := range strings.Split(strings.TrimPrefix(*in.UpdateExpression, "SET "), ", ") {
		lhs, rhs, _ := strings.Cut(assign, " = ")
		next[in.ExpressionAttributeNames[lhs]] = in.ExpressionAttributeValues[rhs]
	}
	f.items[id] = next
	return &dynamodb.UpdateItemOutput{}, nil
}

func (f *fakeDynamoDB) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	f.calls = append(f.calls, "Query "+*in.IndexName)
	if err := f.check(in.TableName); err != nil {
		return nil, err
	}
	want := str(in.ExpressionAttributeValues[":c"])
	var out []map[string]types.AttributeValue
	for _, item := range f.items {
		if str(item["customer_id"]) == want {
			out = append(out, item)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		less := str(out[i]["created_at"]) < str(out[j]["created_at"])
		if in.ScanIndexForward != nil && !*in.ScanIndexForward {
			return !less
		}
		return less
	})
	if in.Limit != nil && int(*in.Limit) < len(out) {
		out = out[:*in.Limit]
	}
	return &dynamodb.QueryOutput{Items: out}, nil
}
