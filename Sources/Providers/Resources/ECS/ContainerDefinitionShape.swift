/// The type of an ECS container definition, member by member, from the ECS API model: which
/// members are value types (a plain `Integer`, an enumeration: absent means 0 or ""), which are
/// boxed (absent means null), lists, maps and nested structures. The AWS provider decodes
/// container_definitions into this type, so it decides what two definitions have in common.
enum ContainerDefinitionShape {
    static let keyValuePair = TypedJSON.Shape(["name": .string, "value": .string])
    static let secret = TypedJSON.Shape(["name": .string, "valueFrom": .string])

    static let portMapping = TypedJSON.Shape([
        "containerPort": .boxedInteger, "hostPort": .boxedInteger, "protocol": .enumeration,
        "name": .string, "appProtocol": .enumeration, "containerPortRange": .string,
    ])

    static let linuxParameters = TypedJSON.Shape([
        "capabilities": .structure(TypedJSON.Shape(["add": .stringList, "drop": .stringList])),
        "devices": .structureList(TypedJSON.Shape(["hostPath": .string, "containerPath": .string, "permissions": .stringList])),
        "initProcessEnabled": .boxedBoolean,
        "sharedMemorySize": .boxedInteger,
        "tmpfs": .structureList(TypedJSON.Shape(["containerPath": .string, "size": .integer, "mountOptions": .stringList])),
        "maxSwap": .boxedInteger,
        "swappiness": .boxedInteger,
    ])

    static let healthCheck = TypedJSON.Shape([
        "command": .stringList, "interval": .boxedInteger, "timeout": .boxedInteger,
        "retries": .boxedInteger, "startPeriod": .boxedInteger,
    ])

    static let container = TypedJSON.Shape([
        "name": .string,
        "image": .string,
        "repositoryCredentials": .structure(TypedJSON.Shape(["credentialsParameter": .string])),
        "cpu": .integer,
        "memory": .boxedInteger,
        "memoryReservation": .boxedInteger,
        "links": .stringList,
        "portMappings": .structureList(portMapping),
        "essential": .boxedBoolean,
        "restartPolicy": .structure(TypedJSON.Shape(["enabled": .boxedBoolean, "ignoredExitCodes": .integerList, "restartAttemptPeriod": .boxedInteger])),
        "entryPoint": .stringList,
        "command": .stringList,
        "environment": .structureList(keyValuePair),
        "environmentFiles": .structureList(TypedJSON.Shape(["value": .string, "type": .enumeration])),
        "mountPoints": .structureList(TypedJSON.Shape(["sourceVolume": .string, "containerPath": .string, "readOnly": .boxedBoolean])),
        "volumesFrom": .structureList(TypedJSON.Shape(["sourceContainer": .string, "readOnly": .boxedBoolean])),
        "linuxParameters": .structure(linuxParameters),
        "secrets": .structureList(secret),
        "dependsOn": .structureList(TypedJSON.Shape(["containerName": .string, "condition": .enumeration])),
        "startTimeout": .boxedInteger,
        "stopTimeout": .boxedInteger,
        "versionConsistency": .enumeration,
        "hostname": .string,
        "user": .string,
        "workingDirectory": .string,
        "disableNetworking": .boxedBoolean,
        "privileged": .boxedBoolean,
        "readonlyRootFilesystem": .boxedBoolean,
        "dnsServers": .stringList,
        "dnsSearchDomains": .stringList,
        "extraHosts": .structureList(TypedJSON.Shape(["hostname": .string, "ipAddress": .string])),
        "dockerSecurityOptions": .stringList,
        "interactive": .boxedBoolean,
        "pseudoTerminal": .boxedBoolean,
        "dockerLabels": .stringMap,
        "ulimits": .structureList(TypedJSON.Shape(["name": .enumeration, "softLimit": .integer, "hardLimit": .integer])),
        "logConfiguration": .structure(TypedJSON.Shape(["logDriver": .enumeration, "options": .stringMap, "secretOptions": .structureList(secret)])),
        "healthCheck": .structure(healthCheck),
        "systemControls": .structureList(TypedJSON.Shape(["namespace": .string, "value": .string])),
        "resourceRequirements": .structureList(TypedJSON.Shape(["value": .string, "type": .enumeration])),
        "firelensConfiguration": .structure(TypedJSON.Shape(["type": .enumeration, "options": .stringMap])),
        "credentialSpecs": .stringList,
    ])

    static let definitions = TypedJSON.structureList(container)

    /// The arrays of objects whose empty (zero) elements the provider drops.
    static let compactedArrays = [
        "dependsOn", "environment", "environmentFiles", "extraHosts", "mountPoints", "portMappings",
        "resourceRequirements", "secrets", "systemControls", "ulimits", "volumesFrom",
    ]

    /// The arrays for which an empty one is the same as none.
    static let arraysEmptyIsAbsent = [
        "command", "credentialSpecs", "dependsOn", "dnsSearchDomains", "dnsServers", "dockerSecurityOptions",
        "entryPoint", "environment", "environmentFiles", "extraHosts", "links", "mountPoints", "portMappings",
        "resourceRequirements", "secrets", "systemControls", "ulimits", "volumesFrom",
    ]
}
