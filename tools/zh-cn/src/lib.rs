//! Nothing here: the package exists for its test, tests/zh_cn.rs.
