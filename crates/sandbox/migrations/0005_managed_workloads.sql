-- Workloads an operator manages in an app's namespace (Deployments and
-- StatefulSets that are not Rainbond components). The console's topology view
-- shows them as nodes of their own (`kind`, `cur_status: "operator"`, an id
-- made from the name) and a component's link to one in `json_svg`
-- [console/services/topological_services.py:170-220].
CREATE TABLE console_managed_workloads (
    group_id     INTEGER NOT NULL REFERENCES console_apps (group_id),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    -- The component (service_id) whose Kubernetes service links to it.
    linked_from  TEXT NOT NULL,
    PRIMARY KEY (group_id, name)
);
