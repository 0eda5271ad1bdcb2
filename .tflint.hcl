# tflint configuration for the synthesized stacks (cdktf.out/stacks/*/cdk.tf.json).
# .ci/run builds tflint and the AWS ruleset from their Go modules and runs
#
#   cd cdktf.out/stacks/<stack> && tflint --config=<this file>
#
# on every stack; any finding fails CI. To accept a finding, disable its rule
# below in a `rule` block with `enabled = false` and a `# reason:` comment
# right above the block; .ci/run refuses a disabled rule without a reason.
# Inline `tflint-ignore` comments are not possible: the stacks are generated
# JSON.

tflint {
  required_version = ">= 0.64.0"
}

config {
  format = "compact"
  # The stacks call no modules.
  call_module_type = "none"
}

# Terraform language rules, bundled with tflint. The recommended preset; the
# rules outside it (naming conventions, documented outputs, standard module
# structure) judge hand-written modules, not CDKTF's generated names.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# The AWS ruleset: invalid instance types, engine versions, node types and
# other argument values the provider would only reject at apply time.
# The version must match .ci/tflint-ruleset-aws/go.mod, from which .ci/run
# builds it (GitHub release binaries are not used); `tflint --init` fetches
# the same version where GitHub is reachable. deep_check (calls to AWS) is
# off: CI has no credentials.
plugin "aws" {
  enabled = true
  version = "0.48.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
