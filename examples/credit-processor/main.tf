terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.67"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Project   = "credit-platform"
      ManagedBy = "terraform"
    }
  }
}

variable "github_repository" {
  description = "Repository whose main branch may deploy through the ci role."
  type        = string
  default     = "example-corp/credit-platform"
}

variable "db_password" {
  description = "Password of the credit-processor database user."
  type        = string
  sensitive   = true
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id

  # Who may do what with the credit applications (k9 access capabilities).
  data_readers   = ["admin", "cust-service", "credit-processor", "analytics", "fraud-model"]
  data_writers   = ["admin", "ci", "credit-processor"]
  data_deleters  = ["admin"]
  administrators = ["admin", "ci"]
  config_readers = ["admin", "ci", "cust-service", "credit-processor"]

  allowed_roles = distinct(concat(local.data_readers, local.data_writers, local.data_deleters, local.administrators, local.config_readers))
}

# ---------------------------------------------------------------------------
# Identity providers
# ---------------------------------------------------------------------------

resource "aws_iam_saml_provider" "corp" {
  name                   = "corp-idp"
  saml_metadata_document = file("${path.module}/saml-metadata.xml")
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# ---------------------------------------------------------------------------
# People and pipelines
# ---------------------------------------------------------------------------

resource "aws_iam_role" "admin" {
  name                 = "admin"
  description          = "Platform administrators, signed in through the corporate IdP."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CorporateIdP"
      Effect    = "Allow"
      Principal = { Federated = aws_iam_saml_provider.corp.arn }
      Action    = "sts:AssumeRoleWithSAML"
      Condition = {
        StringEquals = { "SAML:aud" = "https://signin.aws.amazon.com/saml" }
      }
    }]
  })

  tags = {
    Team = "platform"
  }
}

resource "aws_iam_role_policy_attachment" "admin_administrator" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "ci" {
  name        = "ci"
  description = "GitHub Actions deployments from the main branch."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "GitHubActionsMain"
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:ref:refs/heads/main"
        }
      }
    }]
  })

  tags = {
    Team = "platform"
  }
}

resource "aws_iam_role_policy" "ci_deploy" {
  name = "deploy-credit-applications"
  role = aws_iam_role.ci.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ManageBucket"
        Effect = "Allow"
        Action = [
          "s3:GetBucket*",
          "s3:PutBucket*",
          "s3:GetEncryptionConfiguration",
          "s3:PutEncryptionConfiguration",
          "s3:GetLifecycleConfiguration",
          "s3:PutLifecycleConfiguration",
        ]
        Resource = aws_s3_bucket.credit_applications.arn
      },
      {
        Sid      = "PublishReferenceData"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = "${aws_s3_bucket.credit_applications.arn}/reference/*"
      },
    ]
  })
}

resource "aws_iam_role" "cust_service" {
  name        = "cust-service"
  description = "Customer service agents looking up applications."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AgentsWithMfa"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        Bool = { "aws:MultiFactorAuthPresent" = "true" }
      }
    }]
  })

  tags = {
    Team = "customer-service"
  }
}

resource "aws_iam_role_policy" "cust_service_read" {
  name = "read-credit-applications"
  role = aws_iam_role.cust_service.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "ReadApplications"
      Effect = "Allow"
      Action = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"]
      Resource = [
        aws_s3_bucket.credit_applications.arn,
        "${aws_s3_bucket.credit_applications.arn}/*",
      ]
    }]
  })
}

# ---------------------------------------------------------------------------
# The credit-processor service (ECS)
# ---------------------------------------------------------------------------

resource "aws_iam_role" "credit_processor" {
  name        = "credit-processor"
  description = "Task role of the credit-processor ECS service."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EcsTasks"
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    }]
  })

  tags = {
    Team = "credit"
  }
}

resource "aws_iam_role_policy" "credit_processor_data" {
  name = "process-credit-applications"
  role = aws_iam_role.credit_processor.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListApplications"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = aws_s3_bucket.credit_applications.arn
      },
      {
        Sid      = "ReadWriteApplications"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = "${aws_s3_bucket.credit_applications.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role" "credit_processor_execution" {
  name        = "credit-processor-execution"
  description = "ECS task execution role of credit-processor: pulls the image, reads its secrets."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = {
    Team = "credit"
  }
}

resource "aws_iam_role_policy_attachment" "credit_processor_execution" {
  role       = aws_iam_role.credit_processor_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "credit_processor_execution_secrets" {
  name = "read-task-secrets"
  role = aws_iam_role.credit_processor_execution.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ssm:GetParameters"
      Resource = aws_ssm_parameter.db_password.arn
    }]
  })
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/credit-processor/db-password"
  type  = "SecureString"
  value = var.db_password
}

resource "aws_ecs_task_definition" "credit_processor" {
  family                   = "credit-processor"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  task_role_arn            = aws_iam_role.credit_processor.arn
  execution_role_arn       = aws_iam_role.credit_processor_execution.arn

  container_definitions = jsonencode([{
    name      = "credit-processor"
    image     = "${local.account_id}.dkr.ecr.eu-west-1.amazonaws.com/credit-processor:1.15.0"
    essential = true
    environment = [
      { name = "APPLICATIONS_BUCKET", value = aws_s3_bucket.credit_applications.bucket },
    ]
    secrets = [
      { name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn },
    ]
  }])
}

# ---------------------------------------------------------------------------
# The Confidential bucket and its k9-style policy
# ---------------------------------------------------------------------------

resource "aws_s3_bucket" "credit_applications" {
  bucket = "credit-applications"

  tags = {
    Confidentiality = "Confidential"
    DataOwner       = "credit"
  }
}

resource "aws_s3_bucket_public_access_block" "credit_applications" {
  bucket = aws_s3_bucket.credit_applications.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "credit_applications" {
  bucket = aws_s3_bucket.credit_applications.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "credit_applications" {
  bucket = aws_s3_bucket.credit_applications.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

data "aws_iam_policy_document" "credit_applications" {
  statement {
    sid       = "AllowRestrictedReadData"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTorrent", "s3:GetObjectVersionTorrent", "s3:ListBucket"]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [for role in local.data_readers : "arn:aws:iam::${local.account_id}:role/${role}"]
    }
  }

  statement {
    sid       = "AllowRestrictedWriteData"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [for role in local.data_writers : "arn:aws:iam::${local.account_id}:role/${role}"]
    }
  }

  statement {
    sid       = "AllowRestrictedDeleteData"
    effect    = "Allow"
    actions   = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [for role in local.data_deleters : "arn:aws:iam::${local.account_id}:role/${role}"]
    }
  }

  statement {
    sid    = "AllowRestrictedAdministerResource"
    effect = "Allow"
    actions = [
      "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging",
      "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
      "s3:PutBucketOwnershipControls", "s3:PutBucketLogging",
    ]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [for role in local.administrators : "arn:aws:iam::${local.account_id}:role/${role}"]
    }
  }

  statement {
    sid    = "AllowRestrictedReadConfig"
    effect = "Allow"
    actions = [
      "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketTagging",
      "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
      "s3:GetBucketPublicAccessBlock", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads",
    ]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [for role in local.config_readers : "arn:aws:iam::${local.account_id}:role/${role}"]
    }
  }

  statement {
    sid       = "DenyEveryoneElse"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = [for role in local.allowed_roles : "arn:aws:iam::${local.account_id}:role/${role}"]
    }
  }

  statement {
    sid       = "DenyInsecureCommunications"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "credit_applications" {
  bucket = aws_s3_bucket.credit_applications.id
  policy = data.aws_iam_policy_document.credit_applications.json
}

# ---------------------------------------------------------------------------
# Analytics and fraud detection (added by this pull request)
# ---------------------------------------------------------------------------

locals {
  # Machine-learning workloads that score and study the applications.
  ml_roles = {
    "analytics"   = { service = "sagemaker.amazonaws.com", team = "analytics", description = "SageMaker notebooks of the analytics team." }
    "fraud-model" = { service = "lambda.amazonaws.com", team = "risk", description = "Lambda function scoring applications for fraud." }
  }
}

resource "aws_iam_role" "ml" {
  for_each = local.ml_roles

  name        = each.key
  description = each.value.description

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = each.value.service }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = {
    Team = each.value.team
  }
}

resource "aws_iam_role_policy" "ml_read" {
  for_each = aws_iam_role.ml

  name = "read-credit-applications"
  role = each.value.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadApplications"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.credit_applications.arn, "${aws_s3_bucket.credit_applications.arn}/*"]
    }]
  })
}

# A nightly ETL job with a broad identity policy. The bucket policy's DenyEveryoneElse
# keeps it out of credit-applications.
resource "aws_iam_role" "batch_etl" {
  name        = "batch-etl"
  description = "AWS Batch jobs of the nightly ETL."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = {
    Team = "data-platform"
  }
}

resource "aws_iam_role_policy" "batch_etl" {
  name = "etl-storage"
  role = aws_iam_role.batch_etl.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "AllS3"
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = "*"
    }]
  })
}
